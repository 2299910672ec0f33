/** A share as the analysis commands print it: the analysis layer's percentText, which the API and the browser show too. */
export { percentText } from '../analysis/index.js';
