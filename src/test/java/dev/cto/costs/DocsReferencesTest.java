package dev.cto.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the program and its docs point a user at exists in the repository: every {@code docs/….md}
 * named in the sources, the launchers or the README is there, and nothing cites the design notes
 * that live outside it (the contract, the architecture notes, the original seed documents).
 */
class DocsReferencesTest {

  private static final Pattern DOC = Pattern.compile("docs/([a-z0-9-]+\\.md)");
  private static final Pattern OUTSIDE = Pattern.compile("CONTRACT §|CONTRACT\\.md|ARCHITECTURE(\\.md|:)|\\bthe seed\\b|\\.\\./shared");

  @Test
  void everyDocNamedExistsAndNothingOutsideTheRepositoryIsCited() throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Stream.of("src/main", "bin", "deploy").map(Path::of).flatMap(DocsReferencesTest::walk)) {
      files = Stream.concat(walk, Stream.of(Path.of("README.md"), Path.of("Dockerfile"))).toList();
    }
    assertThat(files).hasSizeGreaterThan(100);
    for (Path file : files) {
      String text = Files.readString(file);
      Matcher doc = DOC.matcher(text);
      while (doc.find()) {
        assertThat(Path.of("docs", doc.group(1))).as("%s names docs/%s", file, doc.group(1)).isRegularFile();
      }
      assertThat(text).as(file.toString()).doesNotContainPattern(OUTSIDE);
    }
  }

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  /** Every relative link of the Markdown pages (README, docs/, deploy/) leads to a file or folder of the repository. */
  @Test
  void everyRelativeLinkOfTheMarkdownPagesResolves() throws IOException {
    List<Path> pages;
    try (Stream<Path> walk = Stream.of("docs", "deploy").map(Path::of).flatMap(DocsReferencesTest::walk)) {
      pages = Stream.concat(walk, Stream.of(Path.of("README.md"))).filter(p -> p.toString().endsWith(".md")).toList();
    }
    assertThat(pages).hasSizeGreaterThan(10);
    for (Path page : pages) {
      Matcher link = LINK.matcher(Files.readString(page));
      while (link.find()) {
        String target = link.group(1);
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
          continue; // a web address, or an anchor of the same page
        }
        String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
        Path resolved = page.toAbsolutePath().getParent().resolve(file).normalize();
        assertThat(resolved).as("%s links to %s", page, target).exists();
        assertThat(resolved.startsWith(Path.of("").toAbsolutePath())).as("%s links outside the repository: %s", page, target)
            .isTrue();
      }
    }
  }

  private static Stream<Path> walk(Path root) {
    try {
      return Files.walk(root).filter(Files::isRegularFile).toList().stream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
