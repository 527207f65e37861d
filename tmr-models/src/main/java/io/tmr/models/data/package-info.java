/**
 * Pretraining data: ELECTRA's example construction (sentence packing into {@code [CLS] A [SEP] B
 * [SEP]} examples), a cached packed example set, a resumable seeded epoch order, and ELECTRA's
 * masking. Pure int arrays: no tensors here.
 */
package io.tmr.models.data;
