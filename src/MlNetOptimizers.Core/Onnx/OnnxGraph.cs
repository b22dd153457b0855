using System.Runtime.InteropServices;

namespace MlNetOptimizers.Onnx;

/// <summary>
/// An ONNX graph being built: nodes, initializers (constant tensors), inputs and outputs; written as a ModelProto with
/// the field numbers of onnx.proto (IR version 7, default-domain opset 13).
/// </summary>
internal sealed class OnnxGraph
{
    /// <summary>TensorProto.DataType values.</summary>
    public const int Float = 1, Int64 = 7, Bool = 9;

    private const long IrVersion = 7;
    private const long Opset = 13;

    private readonly List<Action<ProtobufWriter>> _nodes = [];
    private readonly List<Action<ProtobufWriter>> _initializers = [];
    private readonly List<Action<ProtobufWriter>> _inputs = [];
    private readonly List<Action<ProtobufWriter>> _outputs = [];
    private int _names;

    /// <summary>A fresh value name with a readable prefix.</summary>
    public string Name(string prefix) => $"{prefix}_{_names++}";

    /// <summary>A graph input; a null dimension is symbolic ("N", the batch).</summary>
    public void Input(string name, int elementType, params long?[] shape) => _inputs.Add(ValueInfo(name, elementType, shape));

    /// <summary>A graph output; a null dimension is symbolic ("N", the batch).</summary>
    public void Output(string name, int elementType, params long?[] shape) => _outputs.Add(ValueInfo(name, elementType, shape));

    /// <summary>A constant float tensor.</summary>
    public string Constant(string prefix, ReadOnlySpan<float> values, params long[] shape) =>
        Initializer(prefix, Float, MemoryMarshal.AsBytes(values).ToArray(), shape);

    /// <summary>A constant int64 tensor.</summary>
    public string Constant(string prefix, ReadOnlySpan<long> values, params long[] shape) =>
        Initializer(prefix, Int64, MemoryMarshal.AsBytes(values).ToArray(), shape);

    /// <summary>A TensorProto initializer of <paramref name="dataType"/> with its values' little-endian bytes (as raw_data requires).</summary>
    private string Initializer(string prefix, int dataType, byte[] raw, long[] shape)
    {
        string name = Name(prefix);
        _initializers.Add(w =>
        {
            foreach (long d in shape)
            {
                w.Int(1, d);                       // dims
            }
            w.Int(2, dataType);                    // data_type
            w.String(8, name);                     // name
            w.Bytes(9, raw);                       // raw_data
        });
        return name;
    }

    /// <summary>Adds a node and returns its (single) output name.</summary>
    public string Node(string opType, string[] inputs, string? output = null, params (string Name, object Value)[] attributes)
    {
        output ??= Name(opType.ToLowerInvariant());
        string name = Name("node_" + opType);
        _nodes.Add(w =>
        {
            foreach (var input in inputs)
            {
                w.String(1, input);                // input
            }
            w.String(2, output);                   // output
            w.String(3, name);                     // name
            w.String(4, opType);                   // op_type
            foreach (var (attribute, value) in attributes)
            {
                w.Message(5, a =>                  // attribute
                {
                    a.String(1, attribute);        // name
                    switch (value)
                    {
                        case long i:
                            a.Int(3, i);           // i
                            a.Int(20, 2);          // type INT
                            break;
                        case float f:
                            a.Float(2, f);         // f
                            a.Int(20, 1);          // type FLOAT
                            break;
                        case long[] list:
                            foreach (long i in list)
                            {
                                a.Int(8, i);       // ints
                            }
                            a.Int(20, 7);          // type INTS
                            break;
                        default:
                            throw new ArgumentException($"Attribute {attribute} of type {value.GetType().Name} is not supported.");
                    }
                });
            }
        });
        return output;
    }

    /// <summary>The ModelProto bytes.</summary>
    public byte[] ToModel(string graphName, string producerVersion)
    {
        var model = new ProtobufWriter();
        model.Int(1, IrVersion);                                     // ir_version
        model.String(2, "MlNetOptimizers");                          // producer_name
        model.String(3, producerVersion);                            // producer_version
        model.Message(7, g =>                                        // graph
        {
            _nodes.ForEach(n => g.Message(1, n));                    // node
            g.String(2, graphName);                                  // name
            _initializers.ForEach(t => g.Message(5, t));             // initializer
            _inputs.ForEach(i => g.Message(11, i));                  // input
            _outputs.ForEach(o => g.Message(12, o));                 // output
        });
        model.Message(8, o =>                                        // opset_import
        {
            o.String(1, "");                                         // domain: the default one
            o.Int(2, Opset);                                         // version
        });
        return model.ToArray();
    }

    private static Action<ProtobufWriter> ValueInfo(string name, int elementType, long?[] shape) => w =>
    {
        w.String(1, name);                                           // name
        w.Message(2, type => type.Message(1, tensor =>               // type.tensor_type
        {
            tensor.Int(1, elementType);                              // elem_type
            tensor.Message(2, s =>                                   // shape
            {
                foreach (var d in shape)
                {
                    s.Message(1, dim =>                              // dim
                    {
                        if (d is { } value)
                        {
                            dim.Int(1, value);                       // dim_value
                        }
                        else
                        {
                            dim.String(2, "N");                      // dim_param
                        }
                    });
                }
            });
        }));
    };
}
