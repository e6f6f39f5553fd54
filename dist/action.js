/** Entry of the GitHub Action (action.yml runs `node dist/action.js`). */
import { runAction } from './action/run.js';
await runAction();
