// The bench's libtorch reference: one MLP epoch as our trainer runs it (shuffle, gather the batch's rows, forward,
// softmax cross-entropy, backward, Adam step), on one thread, through libtorch's C++ API (no Python per step).
// Build: g++ -O2 -std=c++17 mlp_epoch.cpp -I/usr/include/torch/csrc/api/include -ltorch -ltorch_cpu -lc10 -o mlp_epoch
// (Debian: apt-get install libtorch-dev g++ libopenblas0-pthread). Prints the median ms of epochs 2..N.
#include <torch/torch.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv)
{
    const int64_t rows = argc > 1 ? std::atol(argv[1]) : 160000;
    const int64_t features = argc > 2 ? std::atol(argv[2]) : 100;
    const int64_t hidden = argc > 3 ? std::atol(argv[3]) : 128;
    const int64_t classes = argc > 4 ? std::atol(argv[4]) : 10;
    const int64_t batch = argc > 5 ? std::atol(argv[5]) : 256;
    const int epochs = argc > 6 ? std::atoi(argv[6]) : 8;
    torch::set_num_threads(1);
    torch::manual_seed(1);

    auto x = torch::randn({rows, features});
    auto y = torch::randint(classes, {rows}, torch::kLong);
    torch::nn::Sequential model(torch::nn::Linear(features, hidden), torch::nn::ReLU(), torch::nn::Linear(hidden, classes));
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));

    std::vector<double> ms;
    for (int epoch = 0; epoch < epochs; epoch++)
    {
        auto start = std::chrono::steady_clock::now();
        auto order = torch::randperm(rows, torch::kLong);
        for (int64_t first = 0; first < rows; first += batch)
        {
            auto index = order.slice(0, first, std::min(first + batch, rows));
            auto xb = x.index_select(0, index);
            auto yb = y.index_select(0, index);
            optimizer.zero_grad();
            auto loss = torch::nn::functional::cross_entropy(model->forward(xb), yb);
            loss.backward();
            optimizer.step();
        }
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::vector<double> later(ms.begin() + 1, ms.end());
    std::sort(later.begin(), later.end());
    std::printf("%.1f\n", later[later.size() / 2]);
    return 0;
}
