package org.ropelab.display;

import java.util.Locale;
import java.util.TimeZone;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;

/**
 * Registers ropelab's renderers with the JJava kernel and makes the kernel's output independent of
 * the machine: its default locale becomes {@link Locale#ROOT} (so {@code String.format("%.2f", x)}
 * writes a decimal point, also under {@code de_DE}) and its time zone UTC. The kernel finds this class through
 * {@code META-INF/services} when the library's jar is added to its class path; this is the only
 * place that touches kernel classes.
 */
public final class RopelabExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        useMachineIndependentDefaults();
        register(kernel.getRenderer());
    }

    /** Sets the JVM's default locale to {@link Locale#ROOT} and its default time zone to UTC. */
    static void useMachineIndependentDefaults() {
        Locale.setDefault(Locale.ROOT);
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    }

    /**
     * Teaches {@code renderer} to show Tablesaw tables as HTML, and figures (ours and Tablesaw's
     * jsplot ones) as Plotly JSON plus offline HTML.
     */
    static void register(Renderer renderer) {
        renderer
                .createRegistration(Table.class)
                .preferring(MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.of(table));
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print(TableHtml.DEFAULT_ROW_LIMIT));
                });
        renderer
                .createRegistration(Figure.class)
                .preferring(Figure.MIME_TYPE, MIMEType.TEXT_HTML.toString())
                .supporting(Figure.MIME_TYPE, MIMEType.TEXT_HTML.toString(), MIMEType.TEXT_PLAIN.toString())
                .register(RopelabExtension::render);
        renderer
                .createRegistration(tech.tablesaw.plotly.components.Figure.class)
                .preferring(Figure.MIME_TYPE, MIMEType.TEXT_HTML.toString())
                .supporting(Figure.MIME_TYPE, MIMEType.TEXT_HTML.toString(), MIMEType.TEXT_PLAIN.toString())
                .register((tablesaw, context) -> render(TablesawPlot.toFigure(tablesaw), context));
    }

    private static void render(Figure figure, RenderContext context) {
        context.renderIfRequested(MIMEType.parse(Figure.MIME_TYPE), () -> PlotlyJson.parse(figure.toJson()));
        context.renderIfRequested(MIMEType.TEXT_HTML, () -> figure.toHtml());
        context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> figure.toString());
    }
}
