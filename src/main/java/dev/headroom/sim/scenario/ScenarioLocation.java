package dev.headroom.sim.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a scenario lives, so that the paths inside it resolve against it: a file's directory, or a
 * classpath resource's package. {@code classpath:} references always go to the classpath.
 */
public abstract class ScenarioLocation {
  private static final String CLASSPATH = "classpath:";

  /** The scenario's own name for messages. */
  public abstract String name();

  public static ScenarioLocation of(Path file) {
    return new FileLocation(file);
  }

  public static ScenarioLocation classpath(String resource) {
    return new ClasspathLocation(stripSlash(resource));
  }

  /**
   * A scenario given as text (a generated one): it may refer to {@code classpath:} files only,
   * since it has no directory.
   */
  public static ScenarioLocation inline(String name, String text) {
    return new InlineLocation(name, text);
  }

  /** Reads the scenario file itself. */
  public abstract String readScenario();

  /**
   * Reads a file the scenario refers to.
   *
   * @throws ScenarioException when it cannot be read
   */
  public String readText(String ref) {
    if (ref.startsWith(CLASSPATH)) {
      return readResource(stripSlash(ref.substring(CLASSPATH.length())));
    }
    return readRelative(ref);
  }

  /** How a reference appears in messages and reports. */
  public String describe(String ref) {
    return ref.startsWith(CLASSPATH) ? ref : describeRelative(ref);
  }

  abstract String readRelative(String ref);

  abstract String describeRelative(String ref);

  static String readResource(String resource) {
    try (InputStream in = ScenarioLocation.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ScenarioException("classpath:" + resource + ": no such resource");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScenarioException("classpath:" + resource + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static String stripSlash(String resource) {
    return resource.startsWith("/") ? resource.substring(1) : resource;
  }

  private static final class FileLocation extends ScenarioLocation {
    private final Path file;

    FileLocation(Path file) {
      this.file = file;
    }

    @Override
    public String name() {
      return file.toString();
    }

    @Override
    public String readScenario() {
      try {
        return Files.readString(file);
      } catch (NoSuchFileException e) {
        throw new ScenarioException(file + ": no such file");
      } catch (IOException e) {
        throw new ScenarioException(file + ": cannot read: " + e.getMessage(), e);
      }
    }

    @Override
    String readRelative(String ref) {
      Path path = resolve(ref);
      try {
        return Files.readString(path);
      } catch (NoSuchFileException e) {
        throw new ScenarioException(path + ": no such file");
      } catch (IOException e) {
        throw new ScenarioException(path + ": cannot read: " + e.getMessage(), e);
      }
    }

    @Override
    String describeRelative(String ref) {
      return resolve(ref).toString();
    }

    private Path resolve(String ref) {
      Path dir = file.toAbsolutePath().getParent();
      return dir == null ? Path.of(ref) : dir.resolve(ref).normalize();
    }
  }

  private static final class ClasspathLocation extends ScenarioLocation {
    private final String resource;

    ClasspathLocation(String resource) {
      this.resource = resource;
    }

    @Override
    public String name() {
      return CLASSPATH + resource;
    }

    @Override
    public String readScenario() {
      return readResource(resource);
    }

    @Override
    String readRelative(String ref) {
      return readResource(resolve(ref));
    }

    @Override
    String describeRelative(String ref) {
      return CLASSPATH + resolve(ref);
    }

    private String resolve(String ref) {
      int slash = resource.lastIndexOf('/');
      String dir = slash < 0 ? "" : resource.substring(0, slash + 1);
      return Path.of(dir + ref).normalize().toString().replace('\\', '/');
    }
  }

  private static final class InlineLocation extends ScenarioLocation {
    private final String name;
    private final String text;

    InlineLocation(String name, String text) {
      this.name = name;
      this.text = text;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String readScenario() {
      return text;
    }

    @Override
    String readRelative(String ref) {
      throw new ScenarioException(
          ref + ": a scenario given as text can refer to classpath: files only");
    }

    @Override
    String describeRelative(String ref) {
      return ref;
    }
  }
}
