/** Display in the notebook: Tablesaw tables as HTML and Plotly figures (JSON figure model, rendered offline). */
package org.ropelab.display;
