package io.netdrift.core.network;

/**
 * A user-supplied input file (topology, traffic matrix, failure schedule) is wrong. The message
 * names the file, the 1-based line and the 1-based column so the user can fix it in an editor;
 * readers throw it before anything is written, so a bad file never leaves half an output.
 */
public final class InputFormatException extends IllegalArgumentException {

  private final String source;
  private final int line;
  private final int column;
  private final String problem;

  /**
   * @param source file name (or another description of where the text came from)
   * @param line 1-based line number, 0 when the problem is not on one line
   * @param column 1-based column number, 0 when the problem is not in one column
   * @param problem what is wrong, in words, including the offending value
   */
  public InputFormatException(String source, int line, int column, String problem) {
    super(format(source, line, column, problem));
    this.source = source;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }

  private static String format(String source, int line, int column, String problem) {
    StringBuilder message = new StringBuilder(source);
    if (line > 0) {
      message.append(", line ").append(line);
    }
    if (column > 0) {
      message.append(", column ").append(column);
    }
    return message.append(": ").append(problem).toString();
  }

  public String source() {
    return source;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String problem() {
    return problem;
  }
}
