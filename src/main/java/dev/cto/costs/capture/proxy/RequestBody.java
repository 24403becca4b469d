package dev.cto.costs.capture.proxy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * The agent's request body on its way to the provider. Bodies up to {@link #HELD} bytes (nearly
 * every call) are read whole and go upstream exactly as sent, with their length. Larger ones are
 * streamed: only the first {@link #HELD} bytes are kept (to find the model in, if the answer names
 * none) and the rest is read as the upstream takes it, so a body never costs more memory than
 * that, whatever its size. Past the limit the stream fails, and {@link #tooLarge()} says why.
 */
final class RequestBody {

  static final int HELD = 1 << 20;

  private final byte[] head;
  private final InputStream rest;
  private final long limit;
  /** For a held body: what goes upstream instead when usage had to be asked for, else null. */
  private final byte[] injected;
  /** For a streamed OpenAI chat body: the copy that asks for usage on the way. */
  private final boolean streamAsks;
  private volatile IncludeUsageStream asking;
  private volatile boolean tooLarge;
  private final Runnable onEnd;

  private RequestBody(byte[] head, InputStream rest, long limit, Provider provider, String path, boolean plainJson,
      Runnable onEnd) {
    this.head = head;
    this.rest = rest;
    this.limit = limit;
    this.onEnd = onEnd;
    this.injected = rest == null && plainJson ? IncludeUsage.inject(provider, path, head) : null;
    this.streamAsks = rest != null && plainJson && IncludeUsage.applies(provider, path);
  }

  /**
   * @param plainJson false when the client compressed its body ({@code Content-Encoding}): it
   *     then goes upstream untouched
   * @param onEnd runs once the client's body was read to its end: at once for a held body, at the
   *     end of the stream for a streamed one
   */
  static RequestBody read(InputStream in, long limit, Provider provider, String path, boolean plainJson, Runnable onEnd)
      throws IOException {
    byte[] head = in.readNBytes(HELD + 1);
    boolean whole = head.length <= HELD;
    if (whole) {
      onEnd.run();
    }
    return new RequestBody(head, whole ? null : in, limit, provider, path, plainJson, onEnd);
  }

  /** The whole body when it was small enough to hold, or its first {@link #HELD} + 1 bytes. */
  byte[] head() {
    return head;
  }

  /** Whether the body went past the limit while it was streamed upstream. */
  boolean tooLarge() {
    return tooLarge;
  }

  /** Whether usage may be asked for on the client's behalf (decided before the body is read through). */
  boolean mayAskForUsage() {
    return injected != null || streamAsks;
  }

  /** Whether usage was asked for: known once the upstream answered, i.e. had the whole body. */
  boolean askedForUsage() {
    IncludeUsageStream stream = asking;
    return injected != null || (stream != null && stream.injected());
  }

  /** The body to send when it was held whole (the one that asks for usage, if it had to), else null. */
  byte[] held() {
    return rest != null ? null : injected != null ? injected : head;
  }

  /** For a body too large to hold: the stream to send, read once, as the upstream takes it. */
  InputStream streamed() throws IOException {
    InputStream whole = new Limited(new SequenceInputStream(new ByteArrayInputStream(head), rest));
    if (!streamAsks) {
      return whole;
    }
    asking = new IncludeUsageStream(whole);
    return asking;
  }

  /** Counts what passes and fails past the limit, remembering why. */
  private final class Limited extends FilterInputStream {

    private long read;

    Limited(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      int n = super.read(buffer, off, len);
      if (n < 0) {
        onEnd.run();
      }
      if (n > 0 && (read += n) > limit) {
        tooLarge = true;
        throw new IOException("request body larger than " + limit + " bytes");
      }
      return n;
    }
  }
}
