// tc.go - the smallest Go program with the runtime and fmt.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello from go,", len(os.Args), "argument(s)")
}
