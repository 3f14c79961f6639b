module example.com/preamble

go 1.22
