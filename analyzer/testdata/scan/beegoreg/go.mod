module example.com/beegoreg

go 1.22

require github.com/beego/beego/v2 v2.3.0
