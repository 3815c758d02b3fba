// Reads actorgraph exports with graphology's own parsers (the ones Gephi Lite uses) and prints
// what they saw as JSON on stdout, for tests/test_schemas.py to compare with the graph.
//
//   node read_exports.mjs FILE.graphml|FILE.gexf ...
//
// Output: {"FILE": {"type", "multi", "order", "size", "nodes": {key: attrs},
//                   "edges": [{"source", "target", "attributes"}]}, ...}
// A parse error exits 1 with the message on stderr.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { MultiDirectedGraph } = require("graphology");
const gexf = require("graphology-gexf");
const graphml = require("graphology-graphml");

function summary(graph) {
  const nodes = {};
  graph.forEachNode((key, attributes) => { nodes[key] = attributes; });
  const edges = [];
  graph.forEachEdge((key, attributes, source, target) => { edges.push({ key, source, target, attributes }); });
  return { type: graph.type, multi: graph.multi, order: graph.order, size: graph.size, nodes, edges };
}

const out = {};
for (const path of process.argv.slice(2)) {
  const text = readFileSync(path, "utf8");
  const graph = path.endsWith(".gexf")
    ? gexf.parse(MultiDirectedGraph, text)
    : graphml.parse(MultiDirectedGraph, text);
  out[path] = summary(graph);
}
process.stdout.write(JSON.stringify(out));
