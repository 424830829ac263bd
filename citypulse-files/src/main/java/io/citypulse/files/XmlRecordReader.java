package io.citypulse.files;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * XML records pulled with Woodstox's StAX parser: each child element of the root is a record, each
 * child element of a record (and each attribute) a field. A document type declaration is refused
 * outright: DTDs are how entity expansion bombs and external entities (XXE) get in, and record
 * files have no use for them.
 */
final class XmlRecordReader implements RecordReader {
  private static final XMLInputFactory FACTORY = newFactory();

  private final XMLStreamReader xml;
  private final InputStream content;
  private final CountingInputStream counted;
  private boolean done;
  private long index;

  XmlRecordReader(InputStream content, CountingInputStream counted) {
    this.content = content;
    this.counted = counted;
    try {
      xml = FACTORY.createXMLStreamReader(content);
      int event = nextEvent();
      while (event != XMLStreamConstants.START_ELEMENT) {
        if (event == XMLStreamConstants.END_DOCUMENT) {
          throw new FileReadException("the XML document has no root element");
        }
        event = nextEvent();
      }
    } catch (XMLStreamException e) {
      throw failure(e);
    }
  }

  private static XMLInputFactory newFactory() {
    XMLInputFactory factory = new WstxInputFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_COALESCING, true);
    return factory;
  }

  /** The next event; a DTD is refused before anything in it is used. */
  private int nextEvent() throws XMLStreamException {
    int event = xml.next();
    if (event == XMLStreamConstants.DTD) {
      throw new FileReadException(where(xml.getLocation())
          + "XML with a document type declaration (<!DOCTYPE ...>) is refused:"
          + " record files need none, and DTD entities can expand without end or read local files");
    }
    if (event == XMLStreamConstants.ENTITY_REFERENCE) {
      throw new FileReadException(where(xml.getLocation()) + "the entity reference &"
          + xml.getLocalName() + "; is refused (no DTD entities)");
    }
    return event;
  }

  @Override
  public Row next() {
    if (done) {
      return null;
    }
    try {
      int event = nextEvent();
      while (event != XMLStreamConstants.START_ELEMENT) {
        if (event == XMLStreamConstants.END_ELEMENT || event == XMLStreamConstants.END_DOCUMENT) {
          done = true;
          return null;
        }
        if (event == XMLStreamConstants.CHARACTERS && !xml.isWhiteSpace()) {
          throw new FileReadException(where(xml.getLocation())
              + "text directly under the root element; records must be elements");
        }
        event = nextEvent();
      }
      index++;
      return readRecord();
    } catch (XMLStreamException e) {
      throw failure(e);
    }
  }

  /** Reads the record element that just started, up to its end tag. */
  private Row readRecord() throws XMLStreamException {
    Map<String, String> fields = new LinkedHashMap<>();
    String error = null;
    for (int i = 0; i < xml.getAttributeCount(); i++) {
      put(fields, xml.getAttributeLocalName(i), xml.getAttributeValue(i));
    }
    int event;
    while ((event = nextEvent()) != XMLStreamConstants.END_ELEMENT) {
      if (event == XMLStreamConstants.START_ELEMENT) {
        String name = xml.getLocalName();
        String text = readFieldText();
        if (text == null && error == null) {
          error = "field '" + name + "' has child elements, not a single value";
        } else if (text != null) {
          put(fields, name, text);
        }
      } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
          && !xml.isWhiteSpace()
          && error == null) {
        error = "text directly in the record element; fields must be child elements";
      }
    }
    return error == null
        ? Row.of(Row.Unit.RECORD, index, fields)
        : Row.error(Row.Unit.RECORD, index, error);
  }

  /** The text of the field element that just started, or null when it has child elements. */
  private String readFieldText() throws XMLStreamException {
    StringBuilder text = new StringBuilder();
    boolean nested = false;
    int depth = 1;
    while (depth > 0) {
      int event = nextEvent();
      if (event == XMLStreamConstants.START_ELEMENT) {
        nested = true;
        depth++;
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        depth--;
      } else if ((event == XMLStreamConstants.CHARACTERS
              || event == XMLStreamConstants.CDATA
              || event == XMLStreamConstants.SPACE)
          && depth == 1) {
        text.append(xml.getText());
      }
    }
    return nested ? null : text.toString();
  }

  private static void put(Map<String, String> fields, String name, String value) {
    if (value != null && !value.isEmpty()) {
      fields.put(name, value);
    }
  }

  private FileReadException failure(XMLStreamException e) {
    String record = index > 0 ? "record " + index + ": " : "";
    return new FileReadException(
        record + where(e.getLocation()) + "malformed XML: " + reason(e), e);
  }

  /** Woodstox puts the location after the reason on the next line: keep the reason only. */
  private static String reason(XMLStreamException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (message.startsWith("ParseError at")) {
      int at = message.indexOf("Message: ");
      message = at < 0 ? message : message.substring(at + "Message: ".length());
    }
    return ObjectStreamReader.firstLine(message);
  }

  private static String where(Location location) {
    if (location == null || location.getLineNumber() <= 0) {
      return "";
    }
    return "(line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ") ";
  }

  @Override
  public long bytesRead() {
    return counted.count();
  }

  @Override
  public void close() {
    try {
      xml.close();
      content.close(); // StAX readers never close the stream they were given
    } catch (XMLStreamException | java.io.IOException e) {
      throw new FileReadException("cannot close the XML file: " + e.getMessage(), e);
    }
  }
}
