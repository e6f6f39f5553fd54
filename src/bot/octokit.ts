import type { ProbotOctokit } from 'probot';

/** The installation-authenticated client Probot hands to event handlers (`context.octokit`). */
export type Octokit = InstanceType<typeof ProbotOctokit>;
