/**
 * What the buffer physically holds: a struct-of-arrays store of fixed-capacity slots (token columns
 * packed to 1, 8, 16 or 32 bits, per-item metadata in primitive arrays, insertion-order and
 * not-yet-used lists as index links). No object per item, no tensors.
 */
package io.tmr.replay.storage;
