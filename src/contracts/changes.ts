/** A path a change (a pull request, two revisions) touches. */
export interface ChangedPath {
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  path: string;
  /** the old path of a rename */
  previousPath?: string;
}
