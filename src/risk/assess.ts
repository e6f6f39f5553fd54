/**
 * The risk verdict: the four scenarios over every analyzed dataset. All four scenario ids are
 * always present; the overall level is the highest scenario level.
 */
import { maxLevel, type RiskReport, SCENARIO_IDS } from '../contracts/index.js';
import type { RiskContext, RiskInput } from './types.js';
import { mergeThresholds } from './thresholds.js';
import { taskMismatch } from './task-mismatch.js';
import { dataDrift } from './data-drift.js';
import { roiShift } from './roi-shift.js';
import { augmentationDrift } from './augmentation-drift.js';

export function assessRisk(input: RiskInput): RiskReport {
  const ctx: RiskContext = {
    pretrained: input.pretrained,
    target: input.target,
    t: mergeThresholds(input.thresholds as Record<string, number> | undefined),
  };
  if (input.headDeclared) ctx.headDeclared = input.headDeclared;
  if (input.headConfigError) ctx.headConfigError = input.headConfigError;
  const datasets = input.datasets;
  const scenarios = [taskMismatch(datasets, ctx), dataDrift(datasets, ctx), roiShift(datasets, ctx), augmentationDrift(datasets, ctx)];
  const order = new Map(SCENARIO_IDS.map((id, i) => [id, i] as const));
  scenarios.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  return { level: maxLevel(scenarios.map((s) => s.level)), scenarios };
}
