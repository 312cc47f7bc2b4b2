module example.com/testsummary

go 1.26
