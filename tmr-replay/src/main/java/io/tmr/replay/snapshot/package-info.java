/**
 * Snapshot files: a versioned, checksummed binary format written to a temporary file and moved into
 * place atomically, read back with field-by-field validation that names the file and field.
 */
package io.tmr.replay.snapshot;
