module example.com/cgobench

go 1.24
