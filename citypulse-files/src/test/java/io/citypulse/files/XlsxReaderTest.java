package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

class XlsxReaderTest {

  /** A workbook as a person would make it in Excel: formats, dates, gaps, a second sheet. */
  private static byte[] handMadeWorkbook() throws IOException {
    try (XSSFWorkbook workbook = new XSSFWorkbook()) {
      Sheet sheet = workbook.createSheet("weather");
      CellStyle oneDecimal = workbook.createCellStyle();
      oneDecimal.setDataFormat(workbook.createDataFormat().getFormat("0.0"));
      CellStyle date = workbook.createCellStyle();
      date.setDataFormat(workbook.createDataFormat().getFormat("dd/mm/yyyy hh:mm"));
      Row header = sheet.createRow(2); // rows 1-2 left empty: the header is the first used row
      header.createCell(0).setCellValue("location");
      header.createCell(1).setCellValue("temperature_c");
      header.createCell(2).setCellValue("observed_at");
      header.createCell(3).setCellValue("big");
      Row first = sheet.createRow(3);
      first.createCell(0).setCellValue("dakar");
      first.createCell(1).setCellValue(12.0);
      first.getCell(1).setCellStyle(oneDecimal);
      first.createCell(2).setCellValue(LocalDateTime.of(2025, 10, 18, 14, 30));
      first.getCell(2).setCellStyle(date);
      first.createCell(3).setCellValue(1.0E7);
      Row second = sheet.createRow(6);
      second.createCell(0).setCellValue("thies");
      second.createCell(3).setCellValue(true);
      Row ragged = sheet.createRow(7);
      ragged.createCell(0).setCellValue("x");
      ragged.createCell(5).setCellValue("under no header");
      workbook.createSheet("other").createRow(0).createCell(0).setCellValue("ignored");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      workbook.write(out);
      return out.toByteArray();
    }
  }

  @Test
  void firstSheetWithSheetRowNumbersPlainNumbersAndIsoDates() throws IOException {
    List<io.citypulse.files.Row> rows = Fixtures.readAll(FileFormat.XLSX, handMadeWorkbook());

    assertThat(rows)
        .extracting(io.citypulse.files.Row::label)
        .containsExactly("row 4", "row 7", "row 8");
    assertThat(rows.get(0).fields())
        .containsEntry("location", "dakar")
        .containsEntry("temperature_c", "12")
        .containsEntry("observed_at", "2025-10-18T14:30")
        .containsEntry("big", "10000000");
    assertThat(rows.get(1).fields())
        .containsEntry("big", "true")
        .doesNotContainKey("temperature_c");
    assertThat(rows.get(2).error()).isEqualTo("6 cells but the header has 4 columns");
  }

  @Test
  void excelLocalDateTimeIsRefusedByTheConversionNamingTheColumn() throws IOException {
    var row = Fixtures.readAll(FileFormat.XLSX, handMadeWorkbook()).get(0);

    RowResult<?> result = WeatherRows.fromRow(row.fields());

    assertThat(result).isInstanceOf(RowResult.Invalid.class);
    assertThat(((RowResult.Invalid<?>) result).message())
        .startsWith("observed_at: '2025-10-18T14:30' has no time zone");
  }

  @Test
  void textFileNamedXlsxIsNotReadable() {
    assertThatThrownBy(() -> Fixtures.readAll(
            FileFormat.XLSX, "location,city\ndakar,Dakar\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(FileReadException.class)
        .hasMessageStartingWith("not a readable XLSX file: ");
  }

  @Test
  void truncatedXlsxIsNotReadable() throws IOException {
    byte[] whole = Fixtures.write(
        FileFormat.XLSX,
        WeatherRows.COLUMNS,
        Fixtures.observations().stream().map(WeatherRows::toRow).toList());
    byte[] truncated = Arrays.copyOf(whole, whole.length * 2 / 3);

    assertThatThrownBy(() -> Fixtures.readAll(FileFormat.XLSX, truncated))
        .isInstanceOf(FileReadException.class)
        .hasMessageStartingWith("not a readable XLSX file: ");
  }

  @Test
  void closingEarlyStopsTheWorker() {
    List<java.util.Map<String, ?>> many = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      many.add(java.util.Map.of("n", i));
    }
    byte[] file = Fixtures.write(FileFormat.XLSX, List.of("n"), many);

    try (RecordReader reader =
        RecordReader.open(FileFormat.XLSX, new java.io.ByteArrayInputStream(file))) {
      assertThat(reader.next().fields()).containsEntry("n", "0");
      assertThat(reader.bytesRead()).isEqualTo(file.length);
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .doesNotContain("citypulse-xlsx-reader");
  }
}
