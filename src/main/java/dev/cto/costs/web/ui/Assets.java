package dev.cto.costs.web.ui;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The dashboard's scripts and styles, read once from the jar (our own files and the WebJars'), each
 * served at {@code /assets/<content hash>/<name>}: a new build has new URLs, so the files can be
 * cached for a year ({@code immutable}) and no page ever runs a stale script. Each is kept gzipped
 * too, which is also what the JS budget counts.
 */
final class Assets {

  static final String PREFIX = "/assets/";
  private static final String OWN = "/dev/cto/costs/web/ui/assets/";
  private static final String WEBJARS = "/META-INF/resources/webjars/";

  /** A file as served: its versioned URL, bytes and gzipped bytes. */
  record Asset(String name, String url, String contentType, byte[] bytes, byte[] gzipped) {}

  private final Map<String, Asset> byName = new LinkedHashMap<>();
  private final Map<String, Asset> byUrl = new LinkedHashMap<>();

  Assets() {
    own("app.css");
    own("dashboard.js");
    own("charts.js");
    String uplot = "uplot/" + webjarVersion("uplot") + "/dist/";
    webjar("uPlot.min.css", uplot + "uPlot.min.css");
    webjar("uPlot.min.js", uplot + "uPlot.iife.min.js");
    webjar("htmx.min.js", "htmx.org/" + webjarVersion("htmx.org") + "/dist/htmx.min.js");
  }

  /** The version the build put on the classpath, from the WebJar's own Maven metadata (one place: the pom). */
  private static String webjarVersion(String artifact) {
    java.util.Properties pom = new java.util.Properties();
    try (InputStream in = Assets.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the WebJar org.webjars.npm:" + artifact + " is not on the classpath");
      }
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pom.getProperty("version");
  }

  private void own(String name) {
    add(name, OWN + name);
  }

  private void webjar(String name, String path) {
    add(name, WEBJARS + path);
  }

  private void add(String name, String resource) {
    byte[] bytes = read(resource);
    String url = PREFIX + hash(bytes) + "/" + name;
    String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
    Asset asset = new Asset(name, url, type, bytes, gzip(bytes));
    byName.put(name, asset);
    byUrl.put(url, asset);
  }

  /** The versioned URL of a file by its short name ({@code app.css}). */
  String url(String name) {
    Asset asset = byName.get(name);
    if (asset == null) {
      throw new IllegalArgumentException("no dashboard asset named " + name);
    }
    return asset.url();
  }

  Asset byUrl(String url) {
    return byUrl.get(url);
  }

  Asset byName(String name) {
    return byName.get(name);
  }

  /** Serves a versioned file; an unknown or outdated hash is 404, never another build's file. */
  void serve(Context ctx) {
    Asset asset = byUrl.get(ctx.path());
    if (asset == null) {
      ctx.status(404).contentType("text/plain; charset=utf-8").result("no such asset (an outdated link? reload the page)");
      return;
    }
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    ctx.header("Vary", "Accept-Encoding");
    ctx.contentType(asset.contentType());
    String accept = ctx.header("Accept-Encoding");
    if (accept != null && accept.contains("gzip")) {
      ctx.header("Content-Encoding", "gzip").result(asset.gzipped());
    } else {
      ctx.result(asset.bytes());
    }
  }

  private static byte[] read(String resource) {
    try (InputStream in = Assets.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("dashboard asset missing from the jar: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
