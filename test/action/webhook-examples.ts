/** Event payloads from @octokit/webhooks-examples (GitHub's own examples), deep-copied. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface WebhookExamples {
  name: string;
  examples: Array<Payload & { action?: string }>;
}

/** Webhook payloads are deep, loosely typed JSON that tests adapt field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Payload = Record<string, any>;

const require = createRequire(import.meta.url);
const all = JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as WebhookExamples[];

/** The first example of `event` (with `action` when given). */
export function webhookExample(event: string, action?: string): Payload {
  const group = all.find((g) => g.name === event);
  if (!group) throw new Error(`no webhook examples for ${event}`);
  const ex = group.examples.find((e) => action === undefined || e.action === action);
  if (!ex) throw new Error(`no ${event}.${action} example`);
  return JSON.parse(JSON.stringify(ex)) as Payload;
}
