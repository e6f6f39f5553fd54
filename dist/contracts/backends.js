/** The embedding engines a user can ask for (`--backend`, the action's `backend` input). */
export const BACKEND_NAMES = ['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];
