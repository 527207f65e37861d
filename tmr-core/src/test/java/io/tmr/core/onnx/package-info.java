/**
 * Reading ONNX models without generated protobuf classes: a minimal protobuf wire-format reader for
 * the ModelProto subset that holds weights (graph initializers and nodes), and an importer that
 * maps a BERT-family encoder's tensors onto this project's named parameters.
 */
package io.tmr.core.onnx;
