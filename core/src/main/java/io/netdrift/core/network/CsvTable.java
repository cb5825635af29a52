package io.netdrift.core.network;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The one reader for the comma-separated files netdrift accepts (topologies, traffic matrices,
 * failure schedules, the simulator's telemetry for training): a header line naming the columns,
 * then one record per line. A field may be quoted as in RFC 4180 ({@code "a, b"}, a quote inside
 * doubled: {@code "say ""hi"""}), within one line; blank lines and lines starting with {@code #}
 * are skipped; surrounding whitespace of each unquoted field is trimmed. Every error is an {@link
 * InputFormatException} naming the source, line and column.
 */
public final class CsvTable {

  /** One data line of the file, with helpers that fail with the position of the bad field. */
  public static final class Row {
    private final String source;
    private final int lineNumber;
    private final String[] fields;
    private final List<String> header;

    Row(String source, int lineNumber, String[] fields, List<String> header) {
      this.source = source;
      this.lineNumber = lineNumber;
      this.fields = fields;
      this.header = header;
    }

    public int lineNumber() {
      return lineNumber;
    }

    /** The field of a column (empty string when absent at the end of the line). */
    public String field(int column) {
      return column < fields.length ? fields[column] : "";
    }

    /** The field of a named column, or empty when the file has no such column. */
    public String field(String columnName) {
      int column = header.indexOf(columnName);
      return column < 0 ? "" : field(column);
    }

    /** 0-based index of a named column, or -1 when the file has no such column. */
    public int column(String columnName) {
      return header.indexOf(columnName);
    }

    /** An error at this row and 0-based column. */
    public InputFormatException error(int column, String problem) {
      return new InputFormatException(source, lineNumber, column + 1, problem);
    }

    /** A non-empty field. */
    public String requireText(int column) {
      String value = field(column);
      if (value.isEmpty()) {
        throw error(column, "'" + header.get(column) + "' must not be empty");
      }
      return value;
    }

    /** A finite number, or {@code defaultValue} when the field is empty and {@code optional}. */
    public double number(int column, boolean optional, double defaultValue) {
      String value = field(column);
      if (value.isEmpty()) {
        if (optional) {
          return defaultValue;
        }
        throw error(column, "'" + header.get(column) + "' must not be empty");
      }
      double parsed;
      try {
        parsed = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw error(column, "'" + header.get(column) + "' is not a number: '" + value + "'");
      }
      if (!Double.isFinite(parsed)) {
        throw error(column, "'" + header.get(column) + "' is not finite: '" + value + "'");
      }
      return parsed;
    }
  }

  private CsvTable() {}

  /**
   * Reads a file, checks its header starts with {@code requiredColumns} (in order; further optional
   * columns are allowed only if listed in {@code optionalColumns}) and hands each row to {@code
   * rowConsumer}.
   */
  public static void read(
      Path file, List<String> requiredColumns, List<String> optionalColumns, Consumer<Row> rows) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      read(file.toString(), reader, requiredColumns, optionalColumns, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Like {@link #read(Path, List, List, Consumer)} for text from any reader. */
  public static void read(
      String source,
      Reader reader,
      List<String> requiredColumns,
      List<String> optionalColumns,
      Consumer<Row> rows) {
    BufferedReader lines =
        reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
    List<String> header = null;
    int lineNumber = 0;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1); // byte order mark written by some spreadsheet tools
        }
        String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        String[] fields = split(source, lineNumber, trimmed);
        if (header == null) {
          header = checkHeader(source, lineNumber, fields, requiredColumns, optionalColumns);
          continue;
        }
        if (fields.length > header.size()) {
          throw new InputFormatException(
              source,
              lineNumber,
              header.size() + 1,
              "expected at most "
                  + header.size()
                  + " fields "
                  + header
                  + ", found "
                  + fields.length);
        }
        if (fields.length < requiredColumns.size()) {
          throw new InputFormatException(
              source,
              lineNumber,
              fields.length + 1,
              "expected "
                  + requiredColumns.size()
                  + " fields "
                  + requiredColumns
                  + ", found "
                  + fields.length);
        }
        rows.accept(new Row(source, lineNumber, fields, header));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
    }
    if (header == null) {
      throw new InputFormatException(
          source, 0, 0, "empty file: expected a header line " + String.join(",", requiredColumns));
    }
  }

  private static List<String> checkHeader(
      String source,
      int lineNumber,
      String[] fields,
      List<String> requiredColumns,
      List<String> optionalColumns) {
    List<String> header = new ArrayList<>();
    for (String field : fields) {
      header.add(field.toLowerCase(Locale.ROOT));
    }
    for (int column = 0; column < requiredColumns.size(); column++) {
      String found = column < header.size() ? header.get(column) : "";
      if (!found.equals(requiredColumns.get(column))) {
        throw new InputFormatException(
            source,
            lineNumber,
            column + 1,
            "header must start with "
                + String.join(",", requiredColumns)
                + " but column "
                + (column + 1)
                + " is '"
                + found
                + "'");
      }
    }
    for (int column = requiredColumns.size(); column < header.size(); column++) {
      if (!optionalColumns.contains(header.get(column))) {
        throw new InputFormatException(
            source,
            lineNumber,
            column + 1,
            "unknown column '" + header.get(column) + "' (allowed: " + optionalColumns + ")");
      }
    }
    return List.copyOf(header);
  }

  /** Splits one line into fields: RFC 4180 quoting, unquoted fields trimmed. */
  static String[] split(String source, int lineNumber, String line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (true) {
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i < n && line.charAt(i) == '"') {
        StringBuilder field = new StringBuilder();
        int open = i++;
        while (true) {
          if (i >= n) {
            throw new InputFormatException(
                source,
                lineNumber,
                fields.size() + 1,
                "quote opened at character " + (open + 1) + " is not closed");
          }
          char c = line.charAt(i++);
          if (c != '"') {
            field.append(c);
          } else if (i < n && line.charAt(i) == '"') {
            field.append('"');
            i++;
          } else {
            break;
          }
        }
        while (i < n && line.charAt(i) == ' ') {
          i++;
        }
        if (i < n && line.charAt(i) != ',') {
          throw new InputFormatException(
              source,
              lineNumber,
              fields.size() + 1,
              "text after a closing quote: '" + line.substring(i) + "'");
        }
        fields.add(field.toString());
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        fields.add(line.substring(i, end).strip());
        i = end;
      }
      if (i >= n) {
        return fields.toArray(String[]::new);
      }
      i++; // the comma
    }
  }
}
