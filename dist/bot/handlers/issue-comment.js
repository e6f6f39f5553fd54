import { errorMessage } from '../../errors.js';
import { commentTrigger } from '../keys.js';
import { isRerunCommand, RERUN_COMMAND } from '../rerun-command.js';
import { getPull, hasWriteAccess } from '../session.js';
import { startAnalysis } from '../start-analysis.js';
export async function onIssueComment(s, payload) {
    const { comment, issue } = payload;
    if (!issue.pull_request || !isRerunCommand(comment.body))
        return;
    if (comment.user?.type === 'Bot')
        return;
    const login = comment.user?.login;
    if (!(await hasWriteAccess(s, login))) {
        s.log.info(`${s.owner}/${s.repo}#${issue.number}: ${login ?? 'someone'} asked for a rerun without write access; ignoring`);
        return;
    }
    await s.octokit.rest.reactions
        .createForIssueComment({ owner: s.owner, repo: s.repo, comment_id: comment.id, content: 'eyes' })
        .catch((err) => s.log.warn(`cannot react to the comment: ${errorMessage(err)}`));
    const pull = await getPull(s, issue.number);
    if (pull.state !== 'open') {
        s.log.info(`${s.owner}/${s.repo}#${issue.number} is ${pull.state}; not rerunning`);
        return;
    }
    await startAnalysis(s, pull, { trigger: commentTrigger(comment.id), cause: `${RERUN_COMMAND} by ${login}`, rerun: true });
}
