package org.ropelab.display;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** Renders through the kernel's own {@link Renderer}, as a notebook cell does. */
class RopelabExtensionTest {
    private final Renderer renderer = new Renderer();

    RopelabExtensionTest() {
        RopelabExtension.register(renderer);
    }

    @Test
    void loadingTheLibraryMakesNumbersAndTimesMachineIndependent() {
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            assertEquals("1,50", String.format("%.2f", 1.5), "the German default writes a decimal comma");
            RopelabExtension.useMachineIndependentDefaults();
            assertEquals("1.50", String.format("%.2f", 1.5));
            assertEquals(0, TimeZone.getDefault().getRawOffset());
        } finally {
            Locale.setDefault(locale);
            TimeZone.setDefault(zone);
        }
    }

    @Test
    void tableRendersAsHtmlAndText() {
        DisplayData shown = renderer.render(Table.create("t", DoubleColumn.create("x", new double[] {0.5})));
        assertTrue(shown.getData(MIMEType.TEXT_HTML).toString().startsWith("<table class=\"ropelab-table\">"));
        assertTrue(shown.getData(MIMEType.TEXT_PLAIN).toString().contains("0.5"));
    }

    @Test
    void figureRendersAsPlotlyJsonHtmlAndText() {
        Figure figure = Figure.of(Layout.of("t", "x", "y"), Trace.line(new double[] {1, 2}, new double[] {3, Double.NaN}));
        DisplayData shown = renderer.render(figure);
        Object json = shown.getData(MIMEType.parse(Figure.MIME_TYPE));
        Map<?, ?> bundle = (Map<?, ?>) json;
        Map<?, ?> trace = (Map<?, ?>) ((List<?>) bundle.get("data")).get(0);
        assertEquals(List.of(3.0), ((List<?>) trace.get("y")).subList(0, 1));
        assertEquals(null, ((List<?>) trace.get("y")).get(1));
        assertEquals(figure.toHtml(), shown.getData(MIMEType.TEXT_HTML));
        assertEquals("Figure[t, 1 trace(s)]", shown.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void theKernelFindsTheExtensionThroughServiceLoading() {
        boolean found = java.util.ServiceLoader.load(org.dflib.jjava.jupyter.Extension.class).stream()
                .anyMatch(p -> p.type() == RopelabExtension.class);
        assertTrue(found);
    }
}
