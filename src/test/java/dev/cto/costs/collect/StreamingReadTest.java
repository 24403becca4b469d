package dev.cto.costs.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The parts of the tree-free reader: line splitting, UTF-8 checking, timestamps, interning. */
class StreamingReadTest {

  private final UsageRecordReader reader = new UsageRecordReader(Clock.systemUTC());

  private static String rec(String id) {
    return "{\"id\":\"" + id + "\",\"agent\":\"rex\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":2,\"stage\":\"code\"}";
  }

  /** Hands out at most 7 bytes per read, so lines and UTF-8 sequences straddle every boundary. */
  private static InputStream trickle(byte[] bytes) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 7));
      }
    };
  }

  @Test
  void ndjsonLinesLongerThanTheReadBufferAndSplitAcrossReadsAreWhole() throws IOException {
    StringBuilder body = new StringBuilder();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) { // ~270 KB: several 64 KB buffers
      String id = "id-" + i + "-é";
      ids.add(id);
      body.append(rec(id)).append(i % 3 == 0 ? "\r\n" : "\n");
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);

    assertThat(reader.readNdjson(new ByteArrayInputStream(bytes), "t").validRecords()).extracting(r -> r.id()).isEqualTo(ids);
    assertThat(reader.readNdjson(trickle(bytes), "t").validRecords()).extracting(r -> r.id()).isEqualTo(ids);
  }

  @Test
  void aLastLineWithoutNewlineIsRead() throws IOException {
    byte[] bytes = (rec("a") + "\n" + rec("b")).getBytes(StandardCharsets.UTF_8);

    assertThat(reader.readNdjson(trickle(bytes), "t").validRecords()).extracting(r -> r.id()).containsExactly("a", "b");
  }

  @Test
  void invalidUtf8IsNamedWithItsLineEvenInsideAFieldName() throws IOException {
    byte[] bytes = (rec("a") + "\n" + rec("b").replace("\"agent\"", "\"ag\u00e9nt\"") + "\n" + rec("c")).getBytes(StandardCharsets.UTF_8);
    int e = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("ag\u00c3") + 2;
    bytes[e + 1] = 'x'; // the second byte of é is no longer a continuation byte

    ParsedBatch batch = reader.readNdjson(new ByteArrayInputStream(bytes), "t");

    assertThat(batch.errors()).singleElement().satisfies(error -> {
      assertThat(error.line()).isEqualTo(2);
      assertThat(error.message()).startsWith("invalid UTF-8 at byte");
    });
    assertThat(batch.records()).extracting(r -> r.id()).containsExactly("a", "c");
  }

  @Test
  void utf8CheckerAcceptsValidTextAndFindsTheFirstBadByte() {
    byte[] good = "plain ascii, é, 漢字, 🙂".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.firstInvalid(good, 0, good.length)).isEqualTo(-1);
    byte[] truncated = "ab\u00e9".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.firstInvalid(truncated, 0, truncated.length - 1)).isEqualTo(2);
    byte[] overlong = {'a', (byte) 0xC0, (byte) 0xAF};
    assertThat(Utf8.firstInvalid(overlong, 0, 3)).isEqualTo(1);
  }

  @Test
  void theInternerReturnsOneInstancePerValueUpToItsBound() {
    Interner interner = new Interner(2);
    String a = interner.intern(new String("rex"));
    assertThat(interner.intern(new String("rex"))).isSameAs(a);
    interner.intern("blaze");
    String third = new String("cleo");
    assertThat(interner.intern(third)).isSameAs(third);
    assertThat(interner.intern(new String("cleo"))).isNotSameAs(third); // full: passes through
  }

  @Property(tries = 3000)
  void theFastTimestampPathAgreesWithTheGeneralParser(@ForAll("timestamps") String s) {
    Instant expected;
    try {
      expected = OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      expected = null;
    }
    assertThat(Rfc3339.parse(s)).as(s).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> timestamps() {
    Arbitrary<String> year = Arbitraries.integers().between(0, 9999).map(y -> String.format("%04d", y));
    Arbitrary<String> two = Arbitraries.integers().between(0, 99).map(n -> String.format("%02d", n));
    Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11).map(f -> f.isEmpty() ? "" : "." + f);
    Arbitrary<String> zone = Arbitraries.of("Z", "z", "+02:00", "-11:30", "", "+00:00");
    Arbitrary<String> sep = Arbitraries.of("T", "t", " ");
    Arbitrary<String> wellFormed = Combinators.combine(year, two, two, sep, two, two, two, fraction).as(
        (y, mo, d, t, h, mi, se, f) -> y + "-" + mo + "-" + d + t + h + ":" + mi + ":" + se + f)
        .flatMap(base -> zone.map(z -> base + z));
    Arbitrary<String> mutated = wellFormed.flatMap(s -> Arbitraries.integers().between(0, s.length() - 1)
        .flatMap(i -> Arbitraries.chars().ascii().map(c -> s.substring(0, i) + c + s.substring(i + 1))));
    return Arbitraries.oneOf(wellFormed, mutated, Arbitraries.of("2026-02-29T00:00:00Z", "2024-02-29T23:59:59.999999999Z",
        "2026-01-01T24:00:00Z", "2026-12-31T23:59:60Z", "2026-1-01T00:00:00Z"));
  }

  @Test
  void everyRecordOfALargeArrayIsRead() {
    String body = "[" + String.join(",", IntStream.range(0, 2_000).mapToObj(i -> rec("r" + i)).toList()) + "]";

    assertThat(reader.read(body.getBytes(StandardCharsets.UTF_8), "t").validRecords()).hasSize(2_000);
  }
}
