package io.citypulse.files;

import com.ctc.wstx.stax.WstxOutputFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code <records><record><location>paris</location>…</record></records>} in UTF-8, one element
 * per non-null field, indented. Column names must be XML names.
 */
final class XmlRecordWriter extends AbstractRecordWriter {
  private final OutputStream out;
  private final XMLStreamWriter xml;

  XmlRecordWriter(OutputStream out, List<String> columns) throws IOException {
    super(columns);
    for (String column : columns) {
      if (!isXmlName(column)) {
        throw new IllegalArgumentException("'" + column + "' cannot be an XML element name");
      }
    }
    this.out = out;
    try {
      xml = new WstxOutputFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.writeCharacters("\n");
      xml.writeStartElement(FileFormat.XML_ROOT);
    } catch (XMLStreamException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static boolean isXmlName(String name) {
    if (name.isEmpty() || name.toLowerCase(java.util.Locale.ROOT).startsWith("xml")) {
      return false;
    }
    char first = name.charAt(0);
    if (!(Character.isLetter(first) || first == '_')) {
      return false;
    }
    return name.chars()
        .allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.');
  }

  @Override
  protected void writeValues(List<Object> values) throws IOException {
    try {
      xml.writeCharacters("\n  ");
      xml.writeStartElement(FileFormat.XML_RECORD);
      for (int i = 0; i < values.size(); i++) {
        String text = Values.text(values.get(i));
        if (text == null) {
          continue;
        }
        xml.writeCharacters("\n    ");
        xml.writeStartElement(columns.get(i));
        xml.writeCharacters(text);
        xml.writeEndElement();
      }
      xml.writeCharacters("\n  ");
      xml.writeEndElement();
    } catch (XMLStreamException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  @Override
  protected void finish() throws IOException {
    try {
      xml.writeCharacters("\n");
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
      out.write('\n');
    } catch (XMLStreamException e) {
      throw new IOException(e.getMessage(), e);
    } finally {
      out.close(); // StAX writers never close the stream they were given
    }
  }
}
