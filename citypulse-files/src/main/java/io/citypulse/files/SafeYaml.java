package io.citypulse.files;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.LoaderOptions;

/** The one YAML factory: alias bombs and deep nesting refused, but no limit on file size. */
final class SafeYaml {
  private SafeYaml() {}

  static final YAMLFactory FACTORY =
      YAMLFactory.builder().loaderOptions(options()).build();

  static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    // Records are flat maps: a handful of aliases is generous; a "billion laughs" needs thousands.
    options.setMaxAliasesForCollections(10);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(20);
    // SnakeYAML refuses documents over 3 MB by default (a guard for documents loaded whole). The
    // records are streamed event by event, so a large export must not be refused for its size.
    options.setCodePointLimit(Integer.MAX_VALUE);
    return options;
  }
}
