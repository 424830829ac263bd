package io.citypulse.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.XMLReader;

/**
 * The first sheet of an XLSX workbook through POI's SAX event API ({@link XSSFSheetXMLHandler}),
 * first non-empty row = header, positions = sheet row numbers. POI pushes rows to a handler; a
 * worker thread runs that push parse and hands rows over a small bounded queue, so {@link #next()}
 * can pull one at a time without holding the sheet in memory. POI's zip-bomb guard ({@code
 * ZipSecureFile}) applies when the package is opened.
 */
final class XlsxRecordReader implements RecordReader {
  private static final Object END = new Object();

  private final CountingInputStream counted;
  private final Path copy;
  private final OPCPackage pkg;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(256);
  private final Thread worker;
  private volatile boolean closed;
  private boolean done;

  XlsxRecordReader(InputStream content, CountingInputStream counted) {
    this.counted = counted;
    OPCPackage opened = null;
    Path temp = null;
    try {
      temp = Files.createTempFile("citypulse-import-", ".xlsx");
      try (InputStream in = content) {
        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      }
      opened = OPCPackage.open(temp.toFile(), PackageAccess.READ);
      XSSFReader reader = new XSSFReader(opened);
      ReadOnlySharedStringsTable strings = new ReadOnlySharedStringsTable(opened, false);
      StylesTable styles = reader.getStylesTable();
      Iterator<InputStream> sheets = reader.getSheetsData();
      if (!sheets.hasNext()) {
        throw new FileReadException("not a readable XLSX file: the workbook has no sheet");
      }
      InputStream sheet = sheets.next();
      XMLReader sax = XMLHelper.newXMLReader();
      sax.setContentHandler(new XSSFSheetXMLHandler(
          styles, null, strings, new RowCollector(), new PlainFormatter(), false));
      this.copy = temp;
      this.pkg = opened;
      this.worker = new Thread(() -> parse(sax, sheet), "citypulse-xlsx-reader");
      worker.setDaemon(true);
      worker.start();
    } catch (FileReadException e) {
      release(opened, temp);
      throw e;
    } catch (Exception | LinkageError e) {
      release(opened, temp);
      throw new FileReadException("not a readable XLSX file: " + reason(e), e);
    }
  }

  private void parse(XMLReader sax, InputStream sheet) {
    try (InputStream in = sheet) {
      sax.parse(new InputSource(in));
      put(END);
    } catch (Stopped e) {
      // closed by the consumer: nothing to report
    } catch (Throwable e) {
      try {
        put(e);
      } catch (Stopped ignored) {
        // closed meanwhile
      }
    }
  }

  private void put(Object item) {
    try {
      while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
        if (closed) {
          throw new Stopped();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Stopped();
    }
  }

  @Override
  public Row next() {
    if (done) {
      return null;
    }
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FileReadException("interrupted while reading the XLSX file", e);
    }
    if (item == END) {
      done = true;
      return null;
    }
    if (item instanceof FileReadException e) {
      done = true;
      throw new FileReadException(e.getMessage(), e);
    }
    if (item instanceof Throwable e) {
      done = true;
      throw new FileReadException("not a readable XLSX file: " + reason(e), e);
    }
    return (Row) item;
  }

  @Override
  public long bytesRead() {
    return counted.count();
  }

  @Override
  public void close() {
    closed = true;
    worker.interrupt();
    try {
      worker.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    release(pkg, copy);
  }

  private static void release(OPCPackage pkg, Path temp) {
    if (pkg != null) {
      pkg.revert(); // opened read-only: close without writing anything back
    }
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // a temporary file left behind is not worth failing the import for
      }
    }
  }

  /** The innermost message that says something, without class names where possible. */
  private static String reason(Throwable e) {
    String message = null;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return message == null ? e.getClass().getSimpleName() : ObjectStreamReader.firstLine(message);
  }

  /** Signals the worker that the consumer closed the reader. */
  private static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super(null, null, false, false);
    }
  }

  /** Collects each row's cells by column, then queues it as a {@link Row}. */
  private final class RowCollector implements XSSFSheetXMLHandler.SheetContentsHandler {
    private HeaderedRows header;
    private List<String> cells = new ArrayList<>();
    private int nextColumn;

    @Override
    public void startRow(int rowNum) {
      cells = new ArrayList<>();
      nextColumn = 0;
    }

    @Override
    public void cell(String reference, String formattedValue, XSSFComment comment) {
      int column = reference == null ? nextColumn : new CellReference(reference).getCol();
      nextColumn = column + 1;
      while (cells.size() <= column) {
        cells.add(null);
      }
      cells.set(column, text(formattedValue));
    }

    /**
     * POI spells boolean cells TRUE/FALSE; the other formats write true/false. A text cell spelled
     * exactly TRUE or FALSE is lowered too: the event API does not tell the two apart.
     */
    private String text(String formatted) {
      if (formatted == null || formatted.isEmpty()) {
        return null;
      }
      if (formatted.equals("TRUE") || formatted.equals("FALSE")) {
        return formatted.toLowerCase(java.util.Locale.ROOT);
      }
      return formatted;
    }

    @Override
    public void endRow(int rowNum) {
      if (cells.stream().allMatch(c -> c == null)) {
        return;
      }
      if (header == null) {
        try {
          header = new HeaderedRows(cells, "row " + (rowNum + 1));
        } catch (FileReadException e) {
          put(e);
          throw new Stopped();
        }
        return;
      }
      put(header.row(Row.Unit.ROW, rowNum + 1L, cells));
    }
  }

  /**
   * Cell text as citypulse writes numbers and times: plain decimals without a spurious {@code .0}
   * (never {@code 1E7}) whatever the cell's number format, dates as ISO-8601 (local, as Excel
   * stores them), booleans as {@code true}/{@code false}.
   */
  private static final class PlainFormatter extends DataFormatter {
    @Override
    public String formatRawCellContents(double value, int formatIndex, String formatString) {
      return formatRawCellContents(value, formatIndex, formatString, false);
    }

    @Override
    public String formatRawCellContents(
        double value, int formatIndex, String formatString, boolean use1904Windowing) {
      if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
        LocalDateTime time = DateUtil.getLocalDateTime(value, use1904Windowing, true);
        if (value < 1 && value >= 0) {
          return time.toLocalTime().toString();
        }
        if (time.toLocalTime().equals(LocalTime.MIDNIGHT)) {
          return time.toLocalDate().toString();
        }
        return time.toString();
      }
      if (!Double.isFinite(value)) {
        return String.valueOf(value);
      }
      return Values.plain(value);
    }
  }
}
