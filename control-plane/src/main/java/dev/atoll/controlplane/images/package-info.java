/**
 * Images: immutable boot images (name, version, architecture, checksum, the files inside)
 * that instances name. Public API: {@link dev.atoll.controlplane.images.ImageCatalog}.
 */
package dev.atoll.controlplane.images;
