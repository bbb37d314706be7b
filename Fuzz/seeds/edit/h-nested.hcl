ha = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
b = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = {x = "v"}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
block0 {
block1 {
block2 {
block3 {
block4 {
block5 {
block6 {
block7 {
block8 {
block9 {
block10 {
block11 {
block12 {
block13 {
block14 {
block15 {
block16 {
block17 {
block18 {
block19 {
block20 {
block21 {
block22 {
block23 {
block24 {
block25 {
block26 {
block27 {
block28 {
block29 {
version = "1.2.3"
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
}
