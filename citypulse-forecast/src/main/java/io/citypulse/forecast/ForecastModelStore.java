package io.citypulse.forecast;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Saved forecast models under a state dir: {@code <stateDir>/forecast/models/<id>/model.json} and
 * {@code metadata.json}, and {@code <stateDir>/forecast/latest} holding the id of the newest.
 *
 * <p>A model directory is written under a temporary name and renamed when complete, then {@code
 * latest} is replaced by an atomic move: a reader (the live job polling {@link #latestId} every
 * batch) sees the old model or the new one, never half of one.
 */
public final class ForecastModelStore {
  /** Version of the model.json layout; a reader refuses another. */
  public static final int FORMAT = 1;

  static final String MODEL_FILE = "model.json";
  static final String METADATA_FILE = "metadata.json";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ForecastModelStore() {}

  /** A loaded model with its id and metadata. */
  public record Loaded(String id, ForecastModel model, ModelMetadata metadata) {}

  /** model.json: the profiles and the per-horizon predictors, plus what checks them. */
  record ModelFile(
      int format,
      String zone,
      int slotMinutes,
      List<String> featureNames,
      List<Long> profileHorizons,
      Map<String, StationProfiles.Station> stations,
      List<ForecastModel.HorizonModel> horizons) {}

  /** An id for a model created at {@code created}: {@code 20260412T101500Z}, sortable as text. */
  public static String newId(Instant created) {
    return ID_TIME.format(created);
  }

  /** {@code <stateDir>/forecast/models}. */
  public static Path modelsDir(Path stateDir) {
    return stateDir.resolve("forecast").resolve("models");
  }

  /** {@code <stateDir>/forecast/latest}. */
  public static Path latestFile(Path stateDir) {
    return stateDir.resolve("forecast").resolve("latest");
  }

  /**
   * Writes the model under {@code metadata.id()} and makes it the latest.
   *
   * @return the model's directory
   * @throws ForecastModelException when a model of that id exists or the id is not a plain name
   */
  public static Path save(ForecastModel model, ModelMetadata metadata, Path stateDir) {
    String id = metadata.id();
    if (id == null || !ID.matcher(id).matches()) {
      throw new ForecastModelException("model id '" + id + "' is not a plain directory name");
    }
    Path models = modelsDir(stateDir);
    Path dir = models.resolve(id);
    if (Files.exists(dir)) {
      throw new ForecastModelException(dir + " exists: a model id is used once");
    }
    Path temp = models.resolve(".tmp-" + id + "-" + System.nanoTime());
    try {
      Files.createDirectories(temp);
      MAPPER.writeValue(temp.resolve(MODEL_FILE).toFile(), toFile(model));
      MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(temp.resolve(METADATA_FILE).toFile(), metadata);
      Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
      writeAtomically(latestFile(stateDir), id + "\n");
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new ForecastModelException("cannot save forecast model " + id + " in " + models, e);
    }
    return dir;
  }

  /**
   * The id in {@code <stateDir>/forecast/latest}, or empty when no model was saved: one small file
   * read, for a live job to poll each batch and load a model only when the id changed.
   */
  public static Optional<String> latestId(Path stateDir) {
    Path latest = latestFile(stateDir);
    try {
      String id = Files.readString(latest, StandardCharsets.UTF_8).trim();
      if (!ID.matcher(id).matches()) {
        throw new ForecastModelException(latest + ": '" + id + "' is not a model id");
      }
      return Optional.of(id);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new ForecastModelException("cannot read " + latest, e);
    }
  }

  /** The latest model, or empty when none was saved. */
  public static Optional<Loaded> latest(Path stateDir) {
    return latestId(stateDir).map(id -> load(stateDir, id));
  }

  /**
   * The model of this id.
   *
   * @throws ForecastModelException naming the file that is missing or cannot be read
   */
  public static Loaded load(Path stateDir, String id) {
    Path dir = modelsDir(stateDir).resolve(id);
    ModelFile file = read(dir.resolve(MODEL_FILE), ModelFile.class);
    ModelMetadata metadata = read(dir.resolve(METADATA_FILE), ModelMetadata.class);
    Path modelPath = dir.resolve(MODEL_FILE);
    if (file.format() != FORMAT) {
      throw new ForecastModelException(
          modelPath + ": format " + file.format() + ", this version reads " + FORMAT);
    }
    if (!FeatureBuilder.NAMES.equals(file.featureNames())) {
      throw new ForecastModelException(modelPath + ": trained on features " + file.featureNames()
          + ", this version builds " + FeatureBuilder.NAMES);
    }
    try {
      return new Loaded(id, fromFile(file), metadata);
    } catch (RuntimeException e) {
      throw new ForecastModelException(modelPath + ": not a valid forecast model: " + e, e);
    }
  }

  /** The model as model.json would hold it (for tests and sizes). */
  static ModelFile toFile(ForecastModel model) {
    StationProfiles p = model.profiles();
    return new ModelFile(
        FORMAT,
        p.scheme().zone().getId(),
        p.scheme().slotMinutes(),
        FeatureBuilder.NAMES,
        p.horizons(),
        p.stations(),
        model.models());
  }

  static ForecastModel fromFile(ModelFile file) {
    SlotScheme scheme = new SlotScheme(ZoneId.of(file.zone()), file.slotMinutes());
    return new ForecastModel(
        new StationProfiles(scheme, file.profileHorizons(), file.stations()), file.horizons());
  }

  private static <T> T read(Path path, Class<T> type) {
    try {
      T value = MAPPER.readValue(path.toFile(), type);
      if (value == null) {
        throw new ForecastModelException(path + ": empty");
      }
      return value;
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new ForecastModelException(path + ": missing (a partial or deleted model)", e);
    } catch (IOException e) {
      throw new ForecastModelException(path + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + System.nanoTime());
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a leftover .tmp- directory is never read
    }
  }
}
