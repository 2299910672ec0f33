/** The longest search by unit name or code (`?q`) the service takes, and the browser keeps in its addresses. */
export const UNIT_SEARCH_MAX = 50;
