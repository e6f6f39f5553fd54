/** The one place the data layer imports the table readers (src/data/table, owned by the tables work). */
export { readTable } from './table/index.js';
