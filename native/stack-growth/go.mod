module example.com/stackgrowth

go 1.22
