package io.citypulse.files;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * One sheet, header row first, through POI's streaming {@link SXSSFWorkbook}: a window of rows in
 * memory, older rows flushed to compressed temporary files that are deleted on close.
 */
final class XlsxRecordWriter extends AbstractRecordWriter {
  /** Rows kept in memory; POI's default is 100. */
  private static final int WINDOW = 100;

  private final OutputStream out;
  private final SXSSFWorkbook workbook;
  private final Sheet sheet;
  private int nextRow;

  XlsxRecordWriter(OutputStream out, List<String> columns) {
    super(columns);
    this.out = out;
    workbook = new SXSSFWorkbook(WINDOW);
    workbook.setCompressTempFiles(true);
    sheet = workbook.createSheet("records");
    Row header = sheet.createRow(nextRow++);
    for (int i = 0; i < columns.size(); i++) {
      header.createCell(i).setCellValue(columns.get(i));
    }
  }

  @Override
  protected void writeValues(List<Object> values) {
    Row row = sheet.createRow(nextRow++);
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value == null) {
        continue;
      }
      Cell cell = row.createCell(i);
      if (value instanceof Boolean b) {
        cell.setCellValue(b);
      } else if (Values.isFiniteNumber(value)) {
        cell.setCellValue(((Number) value).doubleValue());
      } else {
        cell.setCellValue(Values.text(value));
      }
    }
  }

  @Override
  protected void finish() throws IOException {
    try (OutputStream target = out) {
      workbook.write(target);
    } finally {
      workbook.dispose(); // the temporary files; close() alone leaves them in POI 5
      workbook.close();
    }
  }
}
