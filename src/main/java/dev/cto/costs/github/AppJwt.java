package dev.cto.costs.github;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

/**
 * The JSON Web Token a GitHub App signs (RS256) to ask for installation tokens. Signed with the
 * JDK: github-api's own JWT support needs jjwt, three more jars for ten lines. GitHub hands out
 * keys as PKCS#1 ({@code BEGIN RSA PRIVATE KEY}); the JDK reads PKCS#8, so PKCS#1 is wrapped.
 */
final class AppJwt {

  private final long appId;
  private final PrivateKey key;

  private AppJwt(long appId, PrivateKey key) {
    this.appId = appId;
    this.key = key;
  }

  static AppJwt load(long appId, Path pem) {
    String text;
    try {
      text = Files.readString(pem, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new GitHubException("cannot read the GitHub App private key " + pem + ": " + e.getMessage(), -1, e);
    }
    try {
      return new AppJwt(appId, parse(text));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new GitHubException("the GitHub App private key " + pem + " is not an RSA private key in PEM form "
          + "(BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY)", -1, e);
    }
  }

  static PrivateKey parse(String pem) throws GeneralSecurityException {
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    if (!pkcs1 && !pem.contains("BEGIN PRIVATE KEY")) {
      throw new IllegalArgumentException("no PEM private key");
    }
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs1 ? wrapPkcs1(der) : der));
  }

  /** A JWT valid for nine minutes (GitHub allows ten), issued a minute ago against clock drift. */
  String create(Instant now) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(("{\"iat\":" + (now.getEpochSecond() - 60) + ",\"exp\":" + (now.getEpochSecond() + 540)
        + ",\"iss\":\"" + appId + "\"}").getBytes(StandardCharsets.UTF_8));
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + b64.encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new GitHubException("cannot sign the GitHub App token: " + e.getMessage(), -1, e);
    }
  }

  /** PrivateKeyInfo { version 0, AlgorithmIdentifier rsaEncryption NULL, OCTET STRING pkcs1 }. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = tlv(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return tlv(0x30, body);
  }

  private static byte[] tlv(int tag, byte[] value) {
    int n = value.length;
    byte[] len = n < 0x80 ? new byte[] {(byte) n}
        : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
        : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
        : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    byte[] out = new byte[1 + len.length + n];
    out[0] = (byte) tag;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(value, 0, out, 1 + len.length, n);
    return out;
  }
}
