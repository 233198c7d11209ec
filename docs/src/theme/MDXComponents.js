// The site's components for its Markdown pages, beside the theme's: the history strips the page generator writes
// as `<policy-history>` elements (src/components/HistoryStrip.js) and the run's values as `<policy-run-value>`
// (src/components/RunValue.js).
import MDXComponents from '@theme-original/MDXComponents';
import HistoryStrip from '@site/src/components/HistoryStrip';
import RunValue from '@site/src/components/RunValue';

export default { ...MDXComponents, 'policy-history': HistoryStrip, 'policy-run-value': RunValue };
