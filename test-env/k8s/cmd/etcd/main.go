// Command etcd is etcd's own server main, built at the version Kubernetes 1.36 requires.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
