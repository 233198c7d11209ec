/* global document -- a client module runs in the browser */

/**
 * The navbar search box (autocomplete.js, under docusaurus-search-local) closes when it loses focus, as after a
 * selection. A route change while it is open (the reader goes back) left it expanded, its active option gone: the
 * box loses focus then too, and closes itself.
 * @type {import('@docusaurus/types').ClientModule}
 */
const searchBox = {
  onRouteDidUpdate({ previousLocation }) {
    const focused = document.activeElement;
    if (previousLocation && focused?.matches('.navbar__search input')) focused.blur();
  },
};

export default searchBox;
