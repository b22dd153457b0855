namespace MlNetOptimizers.Tests.Quality;

/// <summary>
/// The exact optimum of the convex objective our linear models minimize, for comparison: full-batch L-BFGS (m = 10,
/// Armijo backtracking) on f(θ) = mean weighted loss + ½·λ·‖W‖² (weights only), to a gradient norm of 1e-6.
/// </summary>
internal static class ReferenceSolver
{
    /// <summary>f at <paramref name="parameters"/> (standardized space) on all rows of <paramref name="data"/>.</summary>
    public static double Objective(NetworkArchitecture architecture, ModelKind kind, DenseDataset data, float lambda, float[] parameters) =>
        Evaluate(architecture, kind, data, lambda, parameters, gradient: null);

    public static float[] Minimize(NetworkArchitecture architecture, ModelKind kind, DenseDataset data, float lambda)
    {
        int n = architecture.ParameterCount;
        var x = new float[n];
        var g = new float[n];
        double f = Evaluate(architecture, kind, data, lambda, x, g);
        var history = new List<(double[] S, double[] Y, double Rho)>();
        var xNew = new float[n];
        var gNew = new float[n];
        double g0 = Norm(g);
        int stalled = 0;
        for (int iteration = 0; iteration < 2000 && Norm(g) > 1e-6 * Math.Max(1, g0) && stalled < 5; iteration++)
        {
            var d = Direction(g, history);
            double slope = Dot(g, d);
            if (slope >= 0)
            {
                history.Clear();
                d = g.Select(v => -(double)v).ToArray();
                slope = Dot(g, d);
            }
            double step = 1;
            double fNew;
            while (true)
            {
                for (int i = 0; i < n; i++)
                {
                    xNew[i] = (float)(x[i] + step * d[i]);
                }
                fNew = Evaluate(architecture, kind, data, lambda, xNew, gNew);
                if (fNew <= f + 1e-4 * step * slope || step < 1e-12)
                {
                    break;
                }
                step /= 2;
            }
            var s = new double[n];
            var y = new double[n];
            for (int i = 0; i < n; i++)
            {
                s[i] = xNew[i] - x[i];
                y[i] = gNew[i] - g[i];
            }
            double sy = Dot(s, y);
            if (sy > 1e-20)
            {
                history.Add((s, y, 1 / sy));
                if (history.Count > 10)
                {
                    history.RemoveAt(0);
                }
            }
            stalled = f - fNew < 1e-12 * Math.Abs(f) ? stalled + 1 : 0;
            (x, xNew) = (xNew, x);
            (g, gNew) = (gNew, g);
            f = fNew;
        }
        return x;
    }

    private static double[] Direction(float[] g, List<(double[] S, double[] Y, double Rho)> history)
    {
        var q = g.Select(v => (double)v).ToArray();
        var alpha = new double[history.Count];
        for (int k = history.Count - 1; k >= 0; k--)
        {
            alpha[k] = history[k].Rho * Dot(history[k].S, q);
            Axpy(-alpha[k], history[k].Y, q);
        }
        if (history.Count > 0)
        {
            var (s, y, _) = history[^1];
            double gamma = Dot(s, y) / Dot(y, y);
            for (int i = 0; i < q.Length; i++)
            {
                q[i] *= gamma;
            }
        }
        for (int k = 0; k < history.Count; k++)
        {
            double beta = history[k].Rho * Dot(history[k].Y, q);
            Axpy(alpha[k] - beta, history[k].S, q);
        }
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = -q[i];
        }
        return q;
    }

    [ThreadStatic] private static (DenseDataset Data, BatchWorkspace Workspace)? t_workspace;

    private static double Evaluate(NetworkArchitecture architecture, ModelKind kind, DenseDataset data, float lambda, float[] x, float[]? gradient)
    {
        if (t_workspace is not { } cached || cached.Data != data || cached.Workspace.Capacity != data.RowCount)
        {
            var fresh = new BatchWorkspace(architecture, data.RowCount);
            data.Features.AsSpan(0, data.RowCount * data.FeatureCount).CopyTo(fresh.Input);
            t_workspace = cached = (data, fresh);
        }
        var workspace = cached.Workspace;
        double weightTotal = data.Weights.Sum(w => (double)w);
        double loss = workspace.ComputeGradient(x, data.RowCount, ModelTask.For(kind), data.Labels, data.Weights, weightTotal) / weightTotal;
        int weights = architecture.InputSize * architecture.OutputSize;
        double penalty = 0;
        for (int i = 0; i < weights; i++)
        {
            penalty += (double)x[i] * x[i];
        }
        if (gradient is not null)
        {
            workspace.Gradient.CopyTo(gradient);
            for (int i = 0; i < weights; i++)
            {
                gradient[i] += lambda * x[i];
            }
        }
        return loss + 0.5 * lambda * penalty;
    }

    private static double Norm(float[] v) => Math.Sqrt(v.Sum(x => (double)x * x));

    private static double Dot(float[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (int i = 0; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }
}
