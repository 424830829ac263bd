package io.citypulse.sources.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SystemFilterTest {

  private static SystemsCatalogue catalogue() throws Exception {
    return SystemsCatalogue.read(Path.of(
        SystemFilterTest.class.getResource("/catalogue/systems-quirks.csv").toURI()));
  }

  @Test
  void noFilterSelectsEverySystemAndSetsAsideEveryOneThatNeedsCredentials() throws Exception {
    SystemFilter.Selection all = SystemFilter.of((String) null, " ").select(catalogue());

    assertThat(all.systems()).hasSize(5);
    assertThat(all.needsAuthentication()).hasSize(2);
    assertThat(all.unmatchedIds()).isEmpty();
    assertThat(SystemFilter.ALL.select(catalogue())).isEqualTo(all);
  }

  @Test
  void countriesMatchIgnoringCaseAndKeepTheCatalogueOrder() throws Exception {
    SystemFilter.Selection selection = SystemFilter.of("fr, Be,CH", null).select(catalogue());

    assertThat(selection.systems())
        .extracting(GbfsSystem::systemId)
        .containsExactly("velo_bleu_test", "bsc-gent", "7f0c9a62-1b7e-5d2a-9c4e-3a1f2b8d6e01");
    assertThat(selection.needsAuthentication())
        .extracting(GbfsSystem::systemId)
        .containsExactly("alpine_share");
    assertThat(selection.countriesWithoutSystems()).isEmpty();
  }

  @Test
  void aRequestedCountryWithoutSystemsIsReported() throws Exception {
    SystemFilter.Selection selection = SystemFilter.of("FR,JP", "").select(catalogue());

    assertThat(selection.countriesWithoutSystems()).containsExactly("JP");
    assertThat(selection.systems()).hasSize(2);
  }

  @Test
  void idsSelectExactlyAndEveryIdThatSelectsNothingIsReportedWithTheReason() throws Exception {
    SystemFilter filter =
        SystemFilter.of("", "prairie_bikes, Velo_Bleu_Test,stadtrad_test,ferry_bikes,nowhere");

    SystemFilter.Selection selection = filter.select(catalogue());

    assertThat(selection.systems())
        .extracting(GbfsSystem::systemId)
        .containsExactly("prairie_bikes");
    assertThat(selection.needsAuthentication())
        .extracting(GbfsSystem::systemId)
        .containsExactly("stadtrad_test");
    assertThat(selection.unmatchedIds())
        .extracting(SystemFilter.UnmatchedId::toString)
        .containsExactly(
            "system id 'Velo_Bleu_Test' is not in the catalogue " + catalogue().source()
                + " (ids are case-sensitive: did you mean velo_bleu_test?)",
            "system id 'ferry_bikes' is on a row that cannot be used: line 9 (ferry_bikes):"
                + " Auto-Discovery URL 'ftp://ferry.example.nl/gbfs.json' has the scheme 'ftp':"
                + " expected http or https",
            "system id 'nowhere' is not in the catalogue " + catalogue().source());
  }

  @Test
  void bothFiltersMustPassAndAnIdOutsideTheCountriesIsReported() throws Exception {
    SystemFilter.Selection selection =
        SystemFilter.of("FR", "velo_bleu_test,prairie_bikes").select(catalogue());

    assertThat(selection.systems())
        .extracting(GbfsSystem::systemId)
        .containsExactly("velo_bleu_test");
    assertThat(selection.unmatchedIds())
        .singleElement()
        .hasToString("system id 'prairie_bikes' is in country 'US', not among the requested FR");
  }

  @Test
  void aDuplicatedIdSelectsTheRowThatWasKept() throws Exception {
    SystemFilter.Selection selection =
        SystemFilter.of("", "7f0c9a62-1b7e-5d2a-9c4e-3a1f2b8d6e01").select(catalogue());

    assertThat(selection.systems()).extracting(GbfsSystem::line).containsExactly(6);
    assertThat(selection.unmatchedIds()).isEmpty();
  }

  @Test
  void idsWithSpacesAndAccentsAreMatchedAsWritten() throws Exception {
    SystemFilter.Selection selection =
        SystemFilter.of(null, " fjord sykkel-bodø ").select(catalogue());

    assertThat(selection.systems()).extracting(GbfsSystem::name).containsExactly("Fjord Sykkel");
  }

  @Test
  void aCountryCodeThatIsNotTwoLettersIsRefused() {
    assertThatThrownBy(() -> SystemFilter.of("FR,France", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("country code 'FRANCE' is not two upper-case letters (ISO 3166-1 alpha-2,"
            + " e.g. FR or BE)");
  }

  @Test
  void theFilterKeepsTheRequestedOrderOfIds() {
    assertThat(SystemFilter.of("be,fr", "b,a,b").systemIds()).containsExactly("b", "a");
    assertThat(SystemFilter.of("be,fr", "b,a,b").countries()).containsExactly("BE", "FR");
  }
}
