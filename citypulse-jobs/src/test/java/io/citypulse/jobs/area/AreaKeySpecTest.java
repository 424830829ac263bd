package io.citypulse.jobs.area;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.uber.h3core.AreaUnit;
import com.uber.h3core.H3Core;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AreaKeySpecTest {

  @Test
  void postcodeAndCellsParseIgnoringCaseAndBlanks() {
    assertThat(AreaKeySpec.parse("postcode")).isEqualTo(AreaKeySpec.POSTCODE);
    assertThat(AreaKeySpec.parse(" PostCode ")).isEqualTo(AreaKeySpec.POSTCODE);
    assertThat(AreaKeySpec.parse("cell:8")).isEqualTo(AreaKeySpec.cell(8));
    assertThat(AreaKeySpec.parse(" Cell : 0 ")).isEqualTo(AreaKeySpec.cell(0));
    assertThat(AreaKeySpec.parse("cell:15")).isEqualTo(AreaKeySpec.cell(15));
    assertThat(AreaKeySpec.parse("cell:08").resolution()).isEqualTo(8);
  }

  @Test
  void theSpecPrintsAsTheSettingValueItCameFrom() {
    assertThat(AreaKeySpec.POSTCODE).hasToString("postcode");
    assertThat(AreaKeySpec.cell(7)).hasToString("cell:7");
    assertThat(AreaKeySpec.parse(AreaKeySpec.cell(7).toString())).isEqualTo(AreaKeySpec.cell(7));
  }

  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "cell | aggregate.area = 'cell': a cell needs its resolution: expected postcode or"
            + " cell:<resolution> with a resolution from 0 to 15, e.g. cell:8 (cells of about 0.74"
            + " km²)",
        "cell: | aggregate.area = 'cell:': a cell needs its resolution: expected postcode or"
            + " cell:<resolution> with a resolution from 0 to 15, e.g. cell:8 (cells of about 0.74"
            + " km²)",
        "cell:16 | aggregate.area = 'cell:16': the resolution 16 is above 15: expected postcode or"
            + " cell:<resolution> with a resolution from 0 to 15, e.g. cell:8 (cells of about 0.74"
            + " km²)",
        "cell:-1 | aggregate.area = 'cell:-1': the resolution '-1' is not a whole number: expected"
            + " postcode or cell:<resolution> with a resolution from 0 to 15, e.g. cell:8 (cells of"
            + " about 0.74 km²)",
        "cell:8.5 | aggregate.area = 'cell:8.5': the resolution '8.5' is not a whole number:"
            + " expected postcode or cell:<resolution> with a resolution from 0 to 15, e.g. cell:8"
            + " (cells of about 0.74 km²)",
        "h3:8 | aggregate.area = 'h3:8': expected postcode or cell:<resolution> with a resolution"
            + " from 0 to 15, e.g. cell:8 (cells of about 0.74 km²)",
        "postcodes | aggregate.area = 'postcodes': expected postcode or cell:<resolution> with a"
            + " resolution from 0 to 15, e.g. cell:8 (cells of about 0.74 km²)",
      })
  void badValuesAreRefusedNamingTheSettingTheValueAndTheForms(String value, String message) {
    assertThatThrownBy(() -> AreaKeySpec.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "cell:123", "cell:1:2", "cell:99999999999"})
  void emptyAndMalformedValuesAreRefusedToo(String value) {
    assertThatThrownBy(() -> AreaKeySpec.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("aggregate.area = '" + value + "': ");
  }

  @Test
  void aCellSpecKeysAPointByItsCell() {
    assertThat(AreaKeySpec.parse("cell:8").cellOf(48.8566, 2.3522)).isEqualTo("881fb46625fffff");
    assertThatThrownBy(() -> AreaKeySpec.POSTCODE.cellOf(48.8566, 2.3522))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("aggregate.area = postcode: areas are postcodes, not cells");
  }

  @Test
  void theRecordRefusesInconsistentValues() {
    assertThatThrownBy(() -> new AreaKeySpec(AreaKeySpec.Kind.POSTCODE, 8))
        .hasMessage("a postcode area has no resolution, got 8");
    assertThatThrownBy(() -> AreaKeySpec.cell(16)).hasMessageStartingWith("cell resolution 16");
  }

  @Test
  void theAreasQuotedInMessagesAndJavadocAreH3sOwnAverages() throws Exception {
    H3Core h3 = H3Core.newInstance();
    assertThat(h3.getHexagonAreaAvg(8, AreaUnit.km2)).isBetween(0.735, 0.745);
    assertThat(h3.getHexagonAreaAvg(7, AreaUnit.km2)).isBetween(5.1, 5.2);
    assertThat(h3.getHexagonAreaAvg(6, AreaUnit.km2)).isBetween(36.0, 36.2);
    assertThat(h3.getHexagonAreaAvg(9, AreaUnit.km2)).isBetween(0.10, 0.11);
  }
}
