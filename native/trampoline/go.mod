module example.com/trampoline

go 1.22
