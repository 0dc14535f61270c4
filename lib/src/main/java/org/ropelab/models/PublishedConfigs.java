package org.ropelab.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The position-encoding configurations of published models, one row per model, read with Tablesaw
 * from the library's resource {@code org/ropelab/models/published-configs.csv}: model, encoding, RoPE base
 * ({@code rope_theta}), head dim, rotary dim, pairing, trained context, scaling method and its
 * parameters, and the source every value was taken from. A value no source gave is missing, never
 * filled in. Static methods only.
 */
public final class PublishedConfigs {
    /** The resource holding the table. */
    public static final String RESOURCE = "published-configs.csv";

    private static final ColumnType[] TYPES = {
        ColumnType.STRING, ColumnType.STRING, ColumnType.DOUBLE, ColumnType.INTEGER, ColumnType.INTEGER,
        ColumnType.STRING, ColumnType.INTEGER, ColumnType.STRING, ColumnType.STRING, ColumnType.STRING,
    };

    private PublishedConfigs() {
    }

    /** Returns the table of published configurations (a fresh copy on every call). */
    public static Table table() {
        try (InputStream in = PublishedConfigs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource org/ropelab/models/" + RESOURCE + " is missing from the class path");
            }
            CsvReadOptions options = CsvReadOptions.builder(in).tableName("Published RoPE configurations")
                    .columnTypes(TYPES).header(true).build();
            return Table.read().usingOptions(options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
