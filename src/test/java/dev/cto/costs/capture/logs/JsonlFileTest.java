package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lines come out whole and at the right offsets wherever the read buffer's boundaries fall: files
 * larger than the buffer, lines longer than it, CRLF endings, blank lines and an unfinished tail.
 */
class JsonlFileTest {

  @TempDir Path dir;

  record Line(String text, long number, long offset) {}

  @Test
  void linesAcrossManyBufferFillsMatchASplitOfTheWholeFile() throws Exception {
    Random random = new Random(7);
    StringBuilder content = new StringBuilder();
    while (content.length() < 5_000_000) { // several 1 MiB buffers, lines of every length
      int len = random.nextInt(10) == 0 ? random.nextInt(200_000) : random.nextInt(2_000);
      content.append("x".repeat(len)).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
    }
    content.append("{\"half\":"); // a line still being written
    Path file = write(content.toString());

    List<Line> got = new ArrayList<>();
    JsonlFile.Result result = read(file, 0, 1, got);

    List<Line> expected = split(content.toString(), 0, 1);
    assertThat(got).hasSameSizeAs(expected);
    assertThat(got).isEqualTo(expected);
    long lastNewline = content.lastIndexOf("\n");
    assertThat(result.endOffset()).isEqualTo(lastNewline + 1);
    assertThat(result.pendingTail()).isEqualTo(content.length() - lastNewline - 1);
    assertThat(result.lines()).isEqualTo(content.chars().filter(c -> c == '\n').count());
  }

  @Test
  void aLineLongerThanTheBufferIsHandedOverWhole() throws Exception {
    String huge = "y".repeat(3 * 1024 * 1024 + 17);
    Path file = write("a\n" + huge + "\nb\n");

    List<Line> got = new ArrayList<>();
    JsonlFile.Result result = read(file, 0, 1, got);

    assertThat(got).extracting(Line::text).containsExactly("a", huge, "b");
    assertThat(got.get(2).offset()).isEqualTo(2 + huge.length() + 1);
    assertThat(result.pendingTail()).isZero();
  }

  /** The read buffer is kept between files on a thread: no bytes of one file show up in the next. */
  @Test
  void filesReadOneAfterAnotherOnOneThreadSeeOnlyTheirOwnBytes() throws Exception {
    String longLine = "L".repeat(2 * 1024 * 1024 + 5); // grows the buffer, which is then kept
    String hugeLine = "H".repeat(9 * 1024 * 1024); // grows it past what is kept
    List<String> contents = List.of(
        "a1\n" + longLine + "\na3\n" + "t".repeat(1000), // an unfinished tail stays in the buffer
        "b1\nb2\n",
        "c\n" + hugeLine + "\n" + "z".repeat(3_000_000) + "\n",
        "d1\r\nd2\n");
    for (String content : contents) {
      Path file = write(content);
      List<Line> got = new ArrayList<>();
      read(file, 0, 1, got);
      assertThat(got).isEqualTo(split(content, 0, 1));
    }
  }

  @Test
  void readingFromAnOffsetNumbersLinesOnAndSkipsBlankOnes() throws Exception {
    String content = "first\nsecond\n\nfourth\r\nfif";
    Path file = write(content);

    List<Line> got = new ArrayList<>();
    JsonlFile.Result result = read(file, 6, 2, got);

    assertThat(got).containsExactly(new Line("second", 2, 6), new Line("fourth", 4, 14));
    assertThat(result.lines()).isEqualTo(3);
    assertThat(result.endOffset()).isEqualTo(content.length() - 3);
    assertThat(result.pendingTail()).isEqualTo(3);
  }

  /** A line over the limit: reported by number, offset and length, never handed over, and the lines after it are. */
  @Test
  void aLineOverTheLimitIsReportedUnreadAndTheLinesAfterItComeThrough() throws Exception {
    String inBuffer = "x".repeat(1025); // over a 1 KiB limit, within one buffer fill
    String acrossFills = "y".repeat(3 * 1024 * 1024 + 3); // over it across several 1 MiB reads
    String content = "a\n" + inBuffer + "\nb\n" + acrossFills + "\r\nc\n" + "z".repeat(1024) + "\n" + "w".repeat(5000);
    Path file = write(content);

    List<Line> got = new ArrayList<>();
    List<long[]> tooLong = new ArrayList<>();
    JsonlFile.Result result = JsonlFile.read(file, 0, 1, 1024, (buf, off, len, number, at) ->
        got.add(new Line(new String(buf, off, len, StandardCharsets.ISO_8859_1), number, at)),
        (number, at, length) -> tooLong.add(new long[] {number, at, length}));

    long acrossAt = 2 + inBuffer.length() + 1 + 2;
    assertThat(got).containsExactly(new Line("a", 1, 0), new Line("b", 3, 2 + inBuffer.length() + 1),
        new Line("c", 5, acrossAt + acrossFills.length() + 2), new Line("z".repeat(1024), 6,
            acrossAt + acrossFills.length() + 4));
    assertThat(tooLong).containsExactly(new long[] {2, 2, inBuffer.length()},
        new long[] {4, acrossAt, acrossFills.length() + 1}); // the CR is part of a line never read
    // an unfinished line over the limit is left for the next run, from its start, like any other
    long tailAt = content.length() - 5000;
    assertThat(result).isEqualTo(new JsonlFile.Result(tailAt, 6, 5000));
  }

  @Test
  void anEmptyRestReadsNothing() throws Exception {
    Path file = write("done\n");
    List<Line> got = new ArrayList<>();

    JsonlFile.Result result = read(file, 5, 2, got);

    assertThat(got).isEmpty();
    assertThat(result).isEqualTo(new JsonlFile.Result(5, 0, 0));
  }

  private Path write(String content) throws Exception {
    Path file = dir.resolve("log.jsonl");
    Files.writeString(file, content);
    return file;
  }

  private static JsonlFile.Result read(Path file, long offset, long first, List<Line> into) throws Exception {
    return JsonlFile.read(file, offset, first, Integer.MAX_VALUE - 16, (buf, off, len, number, at) ->
        into.add(new Line(new String(buf, off, len, StandardCharsets.ISO_8859_1), number, at)), (number, at, length) -> {
          throw new AssertionError("no line is over the limit here");
        });
  }

  /** The reference: the whole text split at newlines, CR dropped, blank lines skipped. */
  private static List<Line> split(String content, long offset, long first) {
    List<Line> lines = new ArrayList<>();
    long number = first;
    int start = 0;
    for (int i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', start)) {
      String text = content.substring(start, i);
      if (text.endsWith("\r")) {
        text = text.substring(0, text.length() - 1);
      }
      if (!text.isEmpty()) {
        lines.add(new Line(text, number, offset + start));
      }
      number++;
      start = i + 1;
    }
    return lines;
  }
}
