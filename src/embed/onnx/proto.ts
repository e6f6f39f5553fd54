/**
 * The ONNX model format (onnx/onnx.proto, IR version 8 field numbers) for protobufjs, and the few
 * wire-level operations the engine needs on a user's model without decoding its weights:
 *
 * - `encodeModel()`  a ModelProto object → bytes (the TF.js converter writes its graph with it);
 * - `decodeModel()`  bytes → ModelProto object (tests, and the converter's round-trip checks);
 * - `inspectGraph()` the nodes, inputs, outputs and initializer *names* of a model's graph, reading
 *   the protobuf wire format directly and skipping the tensor payloads (raw_data is never copied);
 * - `addGraphOutputs()` a copy of the model bytes whose graph lists more outputs (an intermediate value
 *   becomes fetchable), made by appending ValueInfoProto records to the graph message: protobuf allows
 *   a repeated field's records anywhere in the message, so everything else (functions, metadata,
 *   fields this file does not know) is kept byte for byte.
 */
import protobuf from 'protobufjs';

const ONNX_PROTO = `
syntax = "proto2";
package onnx;
message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; SPARSE_TENSOR = 11; TYPE_PROTO = 13;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10; SPARSE_TENSORS = 12; TYPE_PROTOS = 14; }
  optional string name = 1;
  optional string ref_attr_name = 21;
  optional string doc_string = 13;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  optional GraphProto g = 6;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
}
message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}
message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}
message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}
message TensorProto {
  enum DataType { UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7; STRING = 8; BOOL = 9;
    FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13; COMPLEX64 = 14; COMPLEX128 = 15; BFLOAT16 = 16; }
  enum DataLocation { DEFAULT = 0; EXTERNAL = 1; }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional string doc_string = 12;
  optional bytes raw_data = 9;
  repeated StringStringEntryProto external_data = 13;
  optional DataLocation data_location = 14;
  repeated double double_data = 10 [packed = true];
  repeated uint64 uint64_data = 11 [packed = true];
}
message TensorShapeProto {
  message Dimension {
    oneof value { int64 dim_value = 1; string dim_param = 2; }
    optional string denotation = 3;
  }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value { Tensor tensor_type = 1; }
  optional string denotation = 6;
}
`;

/** TensorProto.DataType values used here. */
export const DataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, FLOAT16: 10, DOUBLE: 11 } as const;
export const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

/** ONNX element type names, as error messages show them. */
export const DATA_TYPE_NAMES: Record<number, string> = {
  0: 'undefined',
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
};

let root: protobuf.Root | undefined;
function types(): { model: protobuf.Type } {
  root ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root;
  return { model: root.lookupType('onnx.ModelProto') };
}

/* ---------- plain object shapes (what the converter builds) ---------- */

export interface AttributeObj {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
}
export interface NodeObj {
  input: string[];
  output: string[];
  name?: string;
  op_type: string;
  domain?: string;
  attribute?: AttributeObj[];
}
export interface TensorObj {
  name: string;
  dims: number[];
  data_type: number;
  raw_data?: Uint8Array;
  int64_data?: number[];
}
export interface DimObj {
  dim_value?: number;
  dim_param?: string;
}
export interface ValueInfoObj {
  name: string;
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: DimObj[] } } };
}
export interface GraphObj {
  name?: string;
  node: NodeObj[];
  initializer: TensorObj[];
  input: ValueInfoObj[];
  output: ValueInfoObj[];
  value_info?: ValueInfoObj[];
}
export interface ModelObj {
  ir_version: number;
  opset_import: Array<{ domain?: string; version: number }>;
  producer_name?: string;
  producer_version?: string;
  doc_string?: string;
  graph: GraphObj;
  metadata_props?: Array<{ key: string; value: string }>;
}

export function encodeModel(model: ModelObj): Uint8Array {
  const { model: T } = types();
  return T.encode(T.fromObject(model)).finish();
}

/** Decode a whole model (weights included): for tests and small models. */
export function decodeModel(bytes: Uint8Array): ModelObj {
  const { model: T } = types();
  const msg = T.decode(bytes);
  return T.toObject(msg, { longs: Number, bytes: Uint8Array as unknown as typeof String, defaults: false, arrays: true }) as unknown as ModelObj;
}

export function floatTensor(name: string, dims: number[], data: Float32Array): TensorObj {
  return { name, dims, data_type: DataType.FLOAT, raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): TensorObj {
  const raw = new BigInt64Array(values.map((v) => BigInt(v)));
  return { name, dims, data_type: DataType.INT64, raw_data: new Uint8Array(raw.buffer) };
}

export const attr = {
  int: (name: string, i: number): AttributeObj => ({ name, type: AttrType.INT, i }),
  float: (name: string, f: number): AttributeObj => ({ name, type: AttrType.FLOAT, f }),
  ints: (name: string, ints: number[]): AttributeObj => ({ name, type: AttrType.INTS, ints }),
  floats: (name: string, floats: number[]): AttributeObj => ({ name, type: AttrType.FLOATS, floats }),
  string: (name: string, s: string): AttributeObj => ({ name, type: AttrType.STRING, s: new TextEncoder().encode(s) }),
};

/* ---------- wire-level inspection and surgery ---------- */

export interface GraphNodeInfo {
  name: string;
  opType: string;
  inputs: string[];
  outputs: string[];
}

export interface ValueInfo {
  name: string;
  /** ONNX element type (TensorProto.DataType); 0 when not a tensor / unknown */
  elemType: number;
  /** dims: a number, a symbolic name, or null when unknown; undefined shape: rank unknown */
  shape?: Array<number | string | null>;
}

export interface GraphInfo {
  nodes: GraphNodeInfo[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  /** value_info entries (shapes of intermediate values, when the exporter recorded them) */
  valueInfo: ValueInfo[];
  initializers: Set<string>;
  /** initializers stored outside the model file (TensorProto.data_location = EXTERNAL) */
  externalData: string[];
  opsets: Array<{ domain: string; version: number }>;
}

const WIRE_VARINT = 0;
const WIRE_64 = 1;
const WIRE_LEN = 2;
const WIRE_32 = 5;

type Reader = protobuf.Reader;

function skip(r: Reader, wire: number): void {
  r.skipType(wire);
}

/** Iterate the fields of the message in r[start, end). */
function fields(r: Reader, end: number, on: (field: number, wire: number) => void): void {
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    const before = r.pos;
    on(field, wire);
    if (r.pos === before) skip(r, wire);
  }
}

function readString(r: Reader): string {
  return r.string();
}

function readSub(r: Reader, fn: (end: number) => void): void {
  const len = r.uint32();
  const end = r.pos + len;
  if (end > r.len) throw new Error('truncated protobuf message');
  fn(end);
  r.pos = end;
}

function readValueInfo(r: Reader, end: number): ValueInfo {
  const v: ValueInfo = { name: '', elemType: 0 };
  fields(r, end, (f, w) => {
    if (f === 1 && w === WIRE_LEN) v.name = readString(r);
    else if (f === 2 && w === WIRE_LEN) {
      readSub(r, (tEnd) =>
        fields(r, tEnd, (tf, tw) => {
          if (tf === 1 && tw === WIRE_LEN) {
            readSub(r, (ttEnd) =>
              fields(r, ttEnd, (xf, xw) => {
                if (xf === 1 && xw === WIRE_VARINT) v.elemType = r.int32();
                else if (xf === 2 && xw === WIRE_LEN) {
                  v.shape = [];
                  readSub(r, (sEnd) =>
                    fields(r, sEnd, (sf, sw) => {
                      if (sf !== 1 || sw !== WIRE_LEN) return;
                      let dim: number | string | null = null;
                      readSub(r, (dEnd) =>
                        fields(r, dEnd, (df, dw) => {
                          if (df === 1 && dw === WIRE_VARINT) dim = Number(r.int64().toString());
                          else if (df === 2 && dw === WIRE_LEN) dim = readString(r) || null;
                        }),
                      );
                      v.shape!.push(dim);
                    }),
                  );
                }
              }),
            );
          }
        }),
      );
    }
  });
  return v;
}

function readNode(r: Reader, end: number): GraphNodeInfo {
  const n: GraphNodeInfo = { name: '', opType: '', inputs: [], outputs: [] };
  fields(r, end, (f, w) => {
    if (w !== WIRE_LEN) return;
    if (f === 1) n.inputs.push(readString(r));
    else if (f === 2) n.outputs.push(readString(r));
    else if (f === 3) n.name = readString(r);
    else if (f === 4) n.opType = readString(r);
  });
  return n;
}

/** Locate the graph field (ModelProto field 7) in the model bytes. */
function graphSpan(bytes: Uint8Array): { tagStart: number; start: number; end: number } {
  const r = protobuf.Reader.create(bytes);
  let span: { tagStart: number; start: number; end: number } | undefined;
  while (r.pos < r.len) {
    const tagStart = r.pos;
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 7 && wire === WIRE_LEN) {
      const len = r.uint32();
      const start = r.pos;
      if (start + len > r.len) throw new Error('truncated graph');
      span = { tagStart, start, end: start + len };
      r.pos = start + len;
    } else {
      if (wire !== WIRE_VARINT && wire !== WIRE_64 && wire !== WIRE_LEN && wire !== WIRE_32) throw new Error(`bad protobuf wire type ${wire}`);
      r.skipType(wire);
    }
  }
  if (!span) throw new Error('no graph in the model');
  return span;
}

/** Nodes, inputs, outputs and initializer names of the main graph; tensor payloads are skipped. */
export function inspectGraph(bytes: Uint8Array): GraphInfo {
  const info: GraphInfo = { nodes: [], inputs: [], outputs: [], valueInfo: [], initializers: new Set(), externalData: [], opsets: [] };
  const r = protobuf.Reader.create(bytes);
  // opset imports (field 8) at the model level
  fields(r, r.len, (f, w) => {
    if (f === 8 && w === WIRE_LEN) {
      const o = { domain: '', version: 0 };
      readSub(r, (end) =>
        fields(r, end, (of, ow) => {
          if (of === 1 && ow === WIRE_LEN) o.domain = readString(r);
          else if (of === 2 && ow === WIRE_VARINT) o.version = Number(r.int64().toString());
        }),
      );
      info.opsets.push(o);
    } else if (f === 7 && w === WIRE_LEN) {
      readSub(r, (gEnd) =>
        fields(r, gEnd, (gf, gw) => {
          if (gw !== WIRE_LEN) return;
          if (gf === 1) readSub(r, (end) => info.nodes.push(readNode(r, end)));
          else if (gf === 11) readSub(r, (end) => info.inputs.push(readValueInfo(r, end)));
          else if (gf === 12) readSub(r, (end) => info.outputs.push(readValueInfo(r, end)));
          else if (gf === 13) readSub(r, (end) => info.valueInfo.push(readValueInfo(r, end)));
          else if (gf === 5) {
            readSub(r, (end) => {
              let name = '';
              let external = false;
              fields(r, end, (tf, tw) => {
                if (tf === 8 && tw === WIRE_LEN) name = readString(r);
                else if (tf === 14 && tw === WIRE_VARINT) external = r.int32() === 1;
              });
              info.initializers.add(name);
              if (external) info.externalData.push(name);
            });
          }
        }),
      );
    }
  });
  // initializers are not graph inputs, even where old exporters list them as such
  info.inputs = info.inputs.filter((i) => !info.initializers.has(i.name));
  return info;
}

function encodeValueInfo(v: ValueInfoObj): Uint8Array {
  const w = protobuf.Writer.create();
  w.uint32((1 << 3) | WIRE_LEN).string(v.name);
  return w.finish();
}

/**
 * The model with `names` appended to its graph outputs (no type information: ONNX Runtime infers the
 * type of an intermediate value). Names already among the outputs are left alone.
 */
export function addGraphOutputs(bytes: Uint8Array, names: string[]): Uint8Array {
  if (names.length === 0) return bytes;
  const span = graphSpan(bytes);
  const extra = protobuf.Writer.create();
  for (const name of names) extra.uint32((12 << 3) | WIRE_LEN).bytes(encodeValueInfo({ name }));
  const added = extra.finish();
  const newLen = span.end - span.start + added.length;
  const head = protobuf.Writer.create();
  head.uint32((7 << 3) | WIRE_LEN).uint32(newLen);
  const tag = head.finish();
  const out = new Uint8Array(span.tagStart + tag.length + newLen + (bytes.length - span.end));
  let o = 0;
  out.set(bytes.subarray(0, span.tagStart), o);
  o += span.tagStart;
  out.set(tag, o);
  o += tag.length;
  out.set(bytes.subarray(span.start, span.end), o);
  o += span.end - span.start;
  out.set(added, o);
  o += added.length;
  out.set(bytes.subarray(span.end), o);
  return out;
}
