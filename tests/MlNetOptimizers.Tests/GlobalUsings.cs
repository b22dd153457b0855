// The tests reach into every layer (InternalsVisibleTo); the library's own files name each namespace they use.
global using MlNetOptimizers.Data;
global using MlNetOptimizers.Ensemble;
global using MlNetOptimizers.GradientTransforms;
global using MlNetOptimizers.Kernels;
global using MlNetOptimizers.Models;
global using MlNetOptimizers.Network;
global using MlNetOptimizers.Onnx;
global using MlNetOptimizers.Optimization;
global using MlNetOptimizers.Optimizers;
global using MlNetOptimizers.Persistence;
global using MlNetOptimizers.Persistence.Legacy;
global using MlNetOptimizers.Scoring;
global using MlNetOptimizers.Serialization;
global using MlNetOptimizers.Tasks;
global using MlNetOptimizers.Trainers;
global using MlNetOptimizers.Training;
