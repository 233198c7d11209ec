// The site's components for its Markdown pages, beside the theme's: the history strips the page generator writes
// as `<policy-history>` elements (src/components/HistoryStrip.js).
import MDXComponents from '@theme-original/MDXComponents';
import HistoryStrip from '@site/src/components/HistoryStrip';

export default { ...MDXComponents, 'policy-history': HistoryStrip };
